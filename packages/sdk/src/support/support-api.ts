import type { MessageBody } from '@warbler/protocol'
import type { RestCall } from '../rest-call.js'
import type {
  Agent,
  AgentAvailability,
  CannedReply,
  Csat,
  HandoffInput,
  SupportAnalytics,
  SupportChange,
  SupportList,
  SupportListFilter,
  SupportNote,
  SupportPriority,
  SupportSettings,
  SupportState,
} from './support-types.js'

const segment = encodeURIComponent

/** A list answer: `{ items, next }`, or — from a server older than 0.2.0 — the list under its old key. */
type Listed<T, Key extends string> = { items?: T[] } & { [K in Key]?: T[] }

/** The items of a list answer, whichever of the two shapes the server answered. */
function itemsOf<T, Key extends string>(answer: Listed<T, Key>, legacyKey: Key): T[] {
  return answer.items ?? (answer as Record<Key, T[] | undefined>)[legacyKey] ?? []
}

/**
 * Customer service over REST (docs/support.md): agents, the queue, taking, assigning, snoozing and
 * resolving conversations, replies and private notes, canned replies, settings, analytics and
 * CSAT. Everything an app needs to build its own agent inbox. Errors are `WarblerError`s with the
 * server's code (`conflict` when an agent is at capacity or two agents race for one conversation).
 *
 * @example
 * ```ts
 * import { WarblerServerApi } from '@warbler/sdk/server'
 * const api = new WarblerServerApi({ url, appId, secret })
 * await api.support.setAgent('lin', { capacity: 2, availability: 'online' })
 * const { conversations } = await api.support.list({ status: 'queued' })
 * await api.support.take(conversations[0].conversationId, 'lin')
 * await api.support.reply(conversations[0].conversationId, 'lin', 'Hi, I am Lin. Let me look.')
 * await api.support.addNote(conversations[0].conversationId, 'lin', 'VIP: refund approved by Max')
 * await api.support.resolve(conversations[0].conversationId)
 * ```
 */
export class SupportApi {
  readonly #call: RestCall

  /** `call` sends one request below the app's base URL (`…/api/v1/apps/{appId}`) with its credential. */
  constructor(call: RestCall) {
    this.#call = call
  }

  // ------------------------------------------------------------------ agents

  /** Every agent of the app, with whether they are connected and how many conversations they hold. */
  async agents(): Promise<Agent[]> {
    return itemsOf(await this.#call<Listed<Agent, 'agents'>>('GET', '/agents'), 'agents')
  }

  /** Makes a person an agent, or changes one (capacity, teams, availability). */
  setAgent(userId: string, change: { capacity?: number; teams?: string[]; availability?: AgentAvailability }): Promise<Agent> {
    return this.#call('PUT', `/agents/${segment(userId)}`, change)
  }

  /** An agent goes online (takes new conversations), busy or offline. */
  setAvailability(userId: string, availability: AgentAvailability): Promise<Agent> {
    return this.setAgent(userId, { availability })
  }

  /** No longer an agent: their open conversations go back to the queue. */
  async removeAgent(userId: string): Promise<void> {
    await this.#call('DELETE', `/agents/${segment(userId)}`)
  }

  // ------------------------------------------------------------------ conversations

  /** Support conversations (queued ones oldest first, others newest first) and the app's counts. */
  async list(filter: SupportListFilter = {}): Promise<SupportList> {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') query.set(key, String(value))
    const suffix = query.toString()
    const answer = await this.#call<Listed<SupportList['conversations'][number], 'conversations'> & { counts: SupportList['counts'] }>('GET', `/support/conversations${suffix ? `?${suffix}` : ''}`)
    return { conversations: itemsOf(answer, 'conversations'), counts: answer.counts }
  }

  /** The support state of a conversation (`bot` when it was never handed off). */
  state(conversationId: string): Promise<SupportState> {
    return this.#call('GET', `/conversations/${segment(conversationId)}/support`)
  }

  /** Hands a conversation to a person: queued, or assigned at once when an agent is free. */
  handoff(conversationId: string, input: HandoffInput): Promise<SupportState> {
    return this.#call('POST', `/conversations/${segment(conversationId)}/handoff`, input)
  }

  /** Changes the support state (the methods below are the common cases). */
  update(conversationId: string, change: SupportChange): Promise<SupportState> {
    return this.#call('PATCH', `/conversations/${segment(conversationId)}/support`, change)
  }

  /** An agent takes a conversation (from the queue, the bot, or another agent). */
  take(conversationId: string, agentId: string): Promise<SupportState> {
    return this.update(conversationId, { assigneeId: agentId })
  }

  /** Assigns or transfers a conversation to an agent (`conflict` when they are at capacity). */
  assign(conversationId: string, agentId: string): Promise<SupportState> {
    return this.update(conversationId, { assigneeId: agentId })
  }

  /** Transfers a conversation to a team: it waits in the queue for that team's agents. */
  transferToTeam(conversationId: string, team: string): Promise<SupportState> {
    return this.update(conversationId, { team })
  }

  /** Puts an assigned conversation back in the queue. */
  unassign(conversationId: string): Promise<SupportState> {
    return this.update(conversationId, { assigneeId: null })
  }

  /** Snoozes a conversation until a time (epoch ms); it reopens into the queue then. */
  snooze(conversationId: string, until: number | Date): Promise<SupportState> {
    return this.update(conversationId, { status: 'snoozed', snoozedUntil: typeof until === 'number' ? until : until.getTime() })
  }

  /** Resolves a conversation: the agent is freed and the customer's next message goes to the bot. */
  resolve(conversationId: string): Promise<SupportState> {
    return this.update(conversationId, { status: 'resolved' })
  }

  /** Reopens a resolved (or bot-owned) conversation into the queue. */
  reopen(conversationId: string): Promise<SupportState> {
    return this.update(conversationId, { status: 'queued' })
  }

  /** Hands a conversation back to the bot. */
  handBack(conversationId: string): Promise<SupportState> {
    return this.update(conversationId, { status: 'bot' })
  }

  /** Changes how urgent a conversation is. */
  setPriority(conversationId: string, priority: SupportPriority): Promise<SupportState> {
    return this.update(conversationId, { priority })
  }

  /**
   * Replies as the agent (text, or any message body). The customer sees it under the agent's name;
   * in a bot-owned conversation the reply takes it over.
   */
  reply(conversationId: string, agentId: string, message: string | MessageBody, options: { clientMsgId?: string } = {}): Promise<{ conversationId: string; seq: number; ts: number; duplicate: boolean }> {
    const body: MessageBody = typeof message === 'string' ? { type: 'text', text: message } : message
    return this.#call('POST', '/messages', { from: agentId, conversationId, body, ...(options.clientMsgId ? { clientMsgId: options.clientMsgId } : {}) })
  }

  // ------------------------------------------------------------------ notes

  /** The private notes of a conversation, oldest first. */
  async notes(conversationId: string): Promise<SupportNote[]> {
    return itemsOf(await this.#call<Listed<SupportNote, 'notes'>>('GET', `/conversations/${segment(conversationId)}/notes`), 'notes')
  }

  /** Adds a private note (the author must be an agent). The customer never sees it. */
  addNote(conversationId: string, authorId: string, text: string): Promise<SupportNote> {
    return this.#call('POST', `/conversations/${segment(conversationId)}/notes`, { authorId, text })
  }

  // ------------------------------------------------------------------ CSAT

  /** The customer rates the resolution (1–5, once per resolution; `conflict` for a second rating). */
  rate(conversationId: string, userId: string, rating: 1 | 2 | 3 | 4 | 5, comment?: string): Promise<Csat> {
    return this.#call('POST', `/conversations/${segment(conversationId)}/csat`, { userId, rating, ...(comment ? { comment } : {}) })
  }

  // ------------------------------------------------------------------ canned replies

  /** The app's canned replies, by shortcut. */
  async cannedReplies(): Promise<CannedReply[]> {
    return itemsOf(await this.#call<Listed<CannedReply, 'cannedReplies'>>('GET', '/support/canned-replies'), 'cannedReplies')
  }

  /** Adds a canned reply (`already_exists` when the shortcut is taken). */
  createCannedReply(shortcut: string, text: string): Promise<CannedReply> {
    return this.#call('POST', '/support/canned-replies', { shortcut, text })
  }

  /** Changes a canned reply. */
  updateCannedReply(id: string, change: { shortcut?: string; text?: string }): Promise<CannedReply> {
    return this.#call('PATCH', `/support/canned-replies/${segment(id)}`, change)
  }

  /** Removes a canned reply. */
  async deleteCannedReply(id: string): Promise<void> {
    await this.#call('DELETE', `/support/canned-replies/${segment(id)}`)
  }

  // ------------------------------------------------------------------ settings and analytics

  /** Hand-off phrases, SLA targets and business hours. */
  settings(): Promise<SupportSettings> {
    return this.#call('GET', '/support/settings')
  }

  /** Changes settings; what is left out keeps its value. */
  updateSettings(change: Partial<SupportSettings>): Promise<SupportSettings> {
    return this.#call('PUT', '/support/settings', change)
  }

  /** Hand-offs, response and resolution times and CSAT of a period (default: the last 7 days). */
  analytics(range: { from?: number; to?: number } = {}): Promise<SupportAnalytics> {
    const query = new URLSearchParams()
    if (range.from !== undefined) query.set('from', String(range.from))
    if (range.to !== undefined) query.set('to', String(range.to))
    const suffix = query.toString()
    return this.#call('GET', `/support/analytics${suffix ? `?${suffix}` : ''}`)
  }
}
