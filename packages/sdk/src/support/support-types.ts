import type { MessageBody } from '@warbler/protocol'

/** Whether an agent takes conversations: `online` (and connected) gets new ones assigned. */
export type AgentAvailability = 'online' | 'busy' | 'offline'

/** Where a support conversation stands. */
export type SupportStatus = 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved'

/** How urgent a conversation is. */
export type SupportPriority = 'low' | 'normal' | 'high' | 'urgent'

/** Why a conversation was handed to a person. */
export type HandoffReason = 'customer_request' | 'missing_knowledge' | 'tool_failure' | 'policy' | 'other'

/** An agent: an app user who works support conversations. */
export interface Agent {
  userId: string
  /** Open assignments at most. */
  capacity: number
  teams: string[]
  availability: AgentAvailability
  /** At least one session of the agent is connected right now. */
  online: boolean
  /** Conversations assigned to the agent now. */
  openCount: number
}

/** The support state of a conversation. Times are epoch milliseconds. */
export interface SupportState {
  conversationId: string
  /** The member who is neither a bot nor an agent. */
  customerId: string | null
  status: SupportStatus
  assigneeId?: string
  team?: string
  priority: SupportPriority
  reason?: HandoffReason
  /** The bot's (or the caller's) summary of the case. */
  summary?: string
  queuedAt?: number
  assignedAt?: number
  firstResponseAt?: number
  resolvedAt?: number
  snoozedUntil?: number
  updatedAt: number
}

/** What may change on a conversation's support state (see the methods of `SupportApi` for each use). */
export interface SupportChange {
  status?: SupportStatus
  /** An agent assigns or transfers; `null` puts it back in the queue. */
  assigneeId?: string | null
  /** Transfers to a team (back to the queue for that team). */
  team?: string
  priority?: SupportPriority
  snoozedUntil?: number
}

/** A hand-off request. */
export interface HandoffInput {
  reason: HandoffReason
  summary?: string
  team?: string
  priority?: SupportPriority
}

/** Filters of the support conversation list. */
export interface SupportListFilter {
  status?: SupportStatus
  assigneeId?: string
  team?: string
  /** 1–200, default 50. */
  limit?: number
  /** The last `conversationId` of the previous page. */
  after?: string
}

/** One row of the support conversation list. */
export interface SupportConversation {
  conversationId: string
  customerId: string | null
  support: SupportState
  /** The last message of the conversation. */
  lastMessage?: { seq: number; senderId: string; ts: number; body?: MessageBody }
}

/** App-wide counts (`mine`: open assignments of the `assigneeId` asked for, else 0). */
export interface SupportCounts {
  queued: number
  assigned: number
  snoozed: number
  resolved: number
  mine: number
}

/** A page of the support conversation list. */
export interface SupportList {
  conversations: SupportConversation[]
  counts: SupportCounts
}

/** A private note: agents and the console see it, the customer never does. */
export interface SupportNote {
  id: string
  conversationId: string
  authorId: string
  text: string
  createdAt: number
}

/** A canned reply, inserted in an inbox by typing `/shortcut`. */
export interface CannedReply {
  id: string
  shortcut: string
  text: string
  createdAt: number
  updatedAt: number
}

/** A customer's rating of a resolution. */
export interface Csat {
  conversationId: string
  userId: string
  rating: 1 | 2 | 3 | 4 | 5
  comment?: string
  resolvedAt: number
  createdAt: number
}

/** Hand-off phrases, SLA targets and business hours of the app. */
export interface SupportSettings {
  handoffPhrases: string[]
  sla: Record<SupportPriority, { firstResponseSeconds: number | null; resolutionSeconds: number | null }>
  businessHours: {
    timeZone: string
    weekly: { day: 0 | 1 | 2 | 3 | 4 | 5 | 6; start: string; end: string }[]
    holidays: string[]
  }
}

/** An average of CSAT ratings. */
export interface CsatAverage {
  count: number
  average: number
}

/** Support analytics of a period. */
export interface SupportAnalytics {
  handoffs: number
  botConversations: number
  handoffsByReason: Record<HandoffReason, number>
  firstResponseMs: { count: number; average: number | null; p50: number | null }
  resolutionMs: { count: number; average: number | null; p50: number | null }
  csat: {
    byAgent: (CsatAverage & { agentId: string })[]
    byTeam: (CsatAverage & { team: string })[]
    byDay: (CsatAverage & { day: string })[]
  }
}
