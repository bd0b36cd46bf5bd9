/** An agent's availability as they set it. */
export type AgentAvailability = 'online' | 'busy' | 'offline'
/** Where a conversation stands in customer service. */
export type SupportStatus = 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved'
/** How urgent a conversation is. */
export type SupportPriority = 'low' | 'normal' | 'high' | 'urgent'
/** Why a conversation was handed to a person. */
export type HandoffReason = 'customer_request' | 'missing_knowledge' | 'tool_failure' | 'policy' | 'other'

/** An agent profile as stored (the user is an app user of kind `person`). */
export interface AgentRecord {
  appId: string
  userId: string
  capacity: number
  teams: string[]
  availability: AgentAvailability
  /** Conversations assigned to them now (kept with every assignment, never above capacity). */
  openCount: number
  lastAssignedAt: number | null
  createdAt: number
  updatedAt: number
}

/** The support state of one conversation as stored. */
export interface SupportStateRecord {
  appId: string
  conversationId: string
  customerId: string | null
  status: SupportStatus
  assigneeId: string | null
  team: string | null
  priority: SupportPriority
  reason: HandoffReason | null
  summary: string | null
  /** The current hand-off (a case): CSAT and analytics count per case. */
  caseId: string | null
  queuedAt: number | null
  assignedAt: number | null
  firstResponseAt: number | null
  resolvedAt: number | null
  snoozedUntil: number | null
  /** SLA breaches already announced for the current case. */
  firstResponseBreached: boolean
  resolutionBreached: boolean
  createdAt: number
  updatedAt: number
}

/** One assignment made by {@link SupportStore.assignQueued}. */
export interface Assignment {
  conversationId: string
  agentId: string
  previousAssigneeId: string | null
  state: SupportStateRecord
}

/** A private note. */
export interface NoteRecord {
  appId: string
  id: string
  conversationId: string
  authorId: string
  text: string
  createdAt: number
}

/** A canned reply. */
export interface CannedReplyRecord {
  appId: string
  id: string
  shortcut: string
  text: string
  createdAt: number
  updatedAt: number
}

/** A satisfaction rating of one case. */
export interface CsatRecord {
  appId: string
  conversationId: string
  caseId: string
  userId: string
  rating: number
  comment: string | null
  assigneeId: string | null
  team: string | null
  resolvedAt: number
  createdAt: number
}

/** One hand-off as the analytics see it. */
export interface CaseRecord {
  appId: string
  id: string
  conversationId: string
  reason: HandoffReason
  team: string | null
  priority: SupportPriority
  assigneeId: string | null
  queuedAt: number
  firstResponseAt: number | null
  resolvedAt: number | null
}

/** A filter of {@link SupportStore.listStates}. */
export interface SupportListFilter {
  status?: SupportStatus
  assigneeId?: string
  team?: string
  limit: number
  /** The last conversation id of the previous page. */
  after?: string
}

/** What a hand-off asks for. */
export interface HandoffInput {
  customerId: string | null
  reason: HandoffReason
  summary?: string
  team?: string
  priority?: SupportPriority
  caseId: string
  now: number
}

/**
 * Customer service: agent profiles, the support state of conversations (with assignment, the one
 * place that decides who gets a conversation), private notes, canned replies, CSAT, settings and
 * the cases analytics count. Every method is scoped by app (except the sweeps, which name the app
 * of each row). Conformance: `storage/testing/support-store-conformance.ts`.
 */
export interface SupportStore {
  /** Creates or changes an agent profile (fields left out keep their value, or take the defaults). */
  putAgent(appId: string, userId: string, patch: Partial<Pick<AgentRecord, 'capacity' | 'teams' | 'availability'>>, now: number): Promise<AgentRecord>
  getAgent(appId: string, userId: string): Promise<AgentRecord | undefined>
  listAgents(appId: string): Promise<AgentRecord[]>
  /** Removes the profile; the agent's open conversations go back to the queue. Returns whether there was one. */
  deleteAgent(appId: string, userId: string, now: number): Promise<boolean>

  getState(appId: string, conversationId: string): Promise<SupportStateRecord | undefined>
  /** The state, created with status `bot` when the conversation has none yet. */
  ensureState(appId: string, conversationId: string, customerId: string | null, now: number): Promise<SupportStateRecord>
  /**
   * Hands the conversation to the queue and opens a case. A conversation already queued, assigned
   * or snoozed keeps its state (`created: false`).
   */
  handoff(appId: string, conversationId: string, input: HandoffInput): Promise<{ state: SupportStateRecord; created: boolean }>
  /**
   * Assigns queued conversations of the app, oldest first, each to the agent among `availableAgentIds`
   * (of the conversation's team when it has one) with the fewest open assignments below capacity,
   * ties to the least recently assigned. One transaction; on PostgreSQL the queued rows are taken
   * `FOR UPDATE SKIP LOCKED` and an agent's count moves only while below capacity, so nodes assigning
   * at once never give one conversation to two agents nor an agent more than their capacity.
   */
  assignQueued(appId: string, availableAgentIds: readonly string[], now: number, limit?: number): Promise<Assignment[]>
  /**
   * Assigns (or transfers) a conversation to one agent, throwing `conflict` when the agent is at
   * capacity. A conversation with no open case gets one (`caseId`, reason `other`). With `takeOver`
   * (an agent's own message) it throws `conflict` when a colleague holds the conversation.
   */
  assignTo(appId: string, conversationId: string, agentId: string, now: number, options: { caseId: string; customerId: string | null; takeOver?: boolean }): Promise<Assignment>
  /** Back to the queue (optionally for another team), freeing the assignee. */
  requeue(appId: string, conversationId: string, now: number, team?: string | null): Promise<SupportStateRecord | undefined>
  /** Resolves the current case, freeing the assignee. Undefined when there is no open case. */
  resolve(appId: string, conversationId: string, now: number): Promise<SupportStateRecord | undefined>
  /** Snoozes until `until`, freeing the assignee. */
  snooze(appId: string, conversationId: string, until: number, now: number): Promise<SupportStateRecord | undefined>
  /** Back to the bot (closing an open case as resolved). */
  returnToBot(appId: string, conversationId: string, now: number): Promise<SupportStateRecord | undefined>
  /** Sets the priority. */
  setPriority(appId: string, conversationId: string, priority: SupportPriority, now: number): Promise<SupportStateRecord | undefined>
  /** Records the assignee's first reply of the case (once). */
  recordFirstResponse(appId: string, conversationId: string, agentId: string, now: number): Promise<SupportStateRecord | undefined>
  /** Snoozed conversations whose time has come go back to the queue; returns them (every app). */
  reopenDue(now: number, limit?: number): Promise<SupportStateRecord[]>
  /** Apps that have queued conversations (for the assignment sweep). */
  appsWithQueued(limit?: number): Promise<string[]>
  /** Open cases (queued or assigned) with an SLA breach not yet announced (every app). */
  openForSla(limit?: number): Promise<SupportStateRecord[]>
  /** Marks a breach announced; false when another node did first. */
  markBreached(appId: string, conversationId: string, target: 'first_response' | 'resolution'): Promise<boolean>
  listStates(appId: string, filter: SupportListFilter): Promise<SupportStateRecord[]>
  /** How many conversations are in each status, and how many are open for `assigneeId`. */
  counts(appId: string, assigneeId?: string): Promise<{ queued: number; assigned: number; snoozed: number; resolved: number; mine: number }>

  addNote(note: NoteRecord): Promise<void>
  listNotes(appId: string, conversationId: string): Promise<NoteRecord[]>

  /** Throws `already_exists` when the shortcut is taken. */
  createCannedReply(record: CannedReplyRecord): Promise<void>
  listCannedReplies(appId: string): Promise<CannedReplyRecord[]>
  updateCannedReply(appId: string, id: string, patch: { shortcut?: string; text?: string; updatedAt: number }): Promise<CannedReplyRecord | undefined>
  deleteCannedReply(appId: string, id: string): Promise<boolean>

  /** Stores a rating; throws `already_exists` when the case was rated before. */
  addCsat(record: CsatRecord): Promise<void>
  listCsat(appId: string, range: { from: number; to: number }): Promise<CsatRecord[]>
  /** Cases whose hand-off lies in the range. */
  listCases(appId: string, range: { from: number; to: number }): Promise<CaseRecord[]>
  /** Conversations that got a support state (a bot answered or a hand-off) in the range. */
  countStatesCreated(appId: string, range: { from: number; to: number }): Promise<number>

  /** The app's support settings as stored (JSON), or undefined. */
  getSettings(appId: string): Promise<unknown>
  putSettings(appId: string, settings: unknown, now: number): Promise<void>
}
