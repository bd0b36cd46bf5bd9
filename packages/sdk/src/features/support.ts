import type { RequestFrame } from '../connection-manager.js'
import type { Agent, AgentAvailability, Csat, SupportList, SupportListFilter, SupportNote, SupportPriority, SupportState } from '../support/support-types.js'
import type { FeatureContext } from './feature-context.js'

/**
 * Customer service over the signed-in user's own connection (docs/support.md "Over the WebSocket").
 * A user who is one of the app's agents works their queue here — list, take, assign or transfer,
 * note, snooze, resolve, availability — and reads and replies with the ordinary client (on
 * assignment the agent becomes a member of the conversation). A customer rates a resolved
 * conversation with `rate`. Refusals reject with a `WarblerError`: `forbidden` for a user who is
 * not an agent, `conversation_not_found`, `conflict` (an agent at capacity, a colleague holding it,
 * a second rating of one resolution).
 *
 * @example
 * ```ts
 * await client.support.setAvailability('online')
 * const { conversations } = await client.support.queue()
 * await client.support.take(conversations[0].conversationId)
 * await client.send(conversations[0].conversationId, { type: 'text', text: 'Hi, I am Lin. Let me look.' })
 * await client.support.note(conversations[0].conversationId, 'Refund approved by Max')
 * await client.support.resolve(conversations[0].conversationId)
 * // the customer, on their own client:
 * await client.support.rate(conversationId, 5, 'Quick and kind')
 * ```
 */
export class SupportFeature {
  constructor(
    private readonly context: FeatureContext,
    /** The signed-in user's id (known once connected). */
    private readonly me: () => string | undefined,
  ) {}

  /** Conversations in customer service with counts per status (agents). Queued ones come oldest first. */
  list(filter: SupportListFilter & { mine?: boolean } = {}): Promise<SupportList> {
    return this.context.request('support.list', filter) as Promise<SupportList>
  }

  /** The queue: conversations waiting for an agent, oldest first. */
  queue(options: { team?: string; limit?: number; after?: string } = {}): Promise<SupportList> {
    return this.list({ ...options, status: 'queued' })
  }

  /** The conversations assigned to you. */
  mine(options: { limit?: number; after?: string } = {}): Promise<SupportList> {
    return this.list({ ...options, status: 'assigned', mine: true })
  }

  /** One conversation's support state (agents). */
  get(conversationId: string): Promise<SupportState> {
    return this.context.request('support.get', { conversationId })
  }

  /** Takes the conversation yourself (`conflict` when a colleague holds it or you are at capacity). */
  take(conversationId: string): Promise<SupportState> {
    const me = this.me()
    if (!me) throw new Error('Connect first: your user id comes from the server’s welcome.')
    return this.#update(conversationId, { assigneeId: me })
  }

  /** Assigns or transfers the conversation to another agent. */
  assign(conversationId: string, agentId: string): Promise<SupportState> {
    return this.#update(conversationId, { assigneeId: agentId })
  }

  /** Transfers the conversation to a team: it goes back to the queue for that team. */
  transferToTeam(conversationId: string, team: string): Promise<SupportState> {
    return this.#update(conversationId, { team })
  }

  /** Puts the conversation back in the queue (frees you). */
  requeue(conversationId: string): Promise<SupportState> {
    return this.#update(conversationId, { assigneeId: null })
  }

  /** Snoozes until a time (ms or a Date): you are freed; it reopens into the queue then. */
  snooze(conversationId: string, until: number | Date): Promise<SupportState> {
    return this.#update(conversationId, { status: 'snoozed', snoozedUntil: typeof until === 'number' ? until : until.getTime() })
  }

  /** Resolves: frees you, asks the customer for a rating; their next message goes to the bot. */
  resolve(conversationId: string): Promise<SupportState> {
    return this.#update(conversationId, { status: 'resolved' })
  }

  /** Changes the priority. */
  setPriority(conversationId: string, priority: SupportPriority): Promise<SupportState> {
    return this.#update(conversationId, { priority })
  }

  /** Gives the conversation back to the bot. */
  returnToBot(conversationId: string): Promise<SupportState> {
    return this.#update(conversationId, { status: 'bot' })
  }

  /** A private note from you: agents see it, the customer never does. */
  note(conversationId: string, text: string): Promise<SupportNote> {
    return this.context.request('support.note', { conversationId, text })
  }

  /** The private notes of a conversation, oldest first. */
  async notes(conversationId: string): Promise<SupportNote[]> {
    return (await this.context.request('support.notes', { conversationId })).notes
  }

  /** The app's agents, with whether each is connected and how many conversations they hold. */
  async agents(): Promise<Agent[]> {
    return (await this.context.request('support.agents', {})).agents
  }

  /** Your availability: `online` (and connected) gets new conversations assigned. */
  setAvailability(availability: AgentAvailability): Promise<Agent> {
    return this.context.request('support.availability', { availability })
  }

  /** (Customers) rates the resolution of your conversation, 1–5, once per resolution. */
  rate(conversationId: string, rating: 1 | 2 | 3 | 4 | 5, comment?: string): Promise<Csat> {
    return this.context.request('support.rate', { conversationId, rating, ...(comment === undefined ? {} : { comment }) }) as Promise<Csat>
  }

  #update(conversationId: string, change: Omit<RequestFrame<'support.update'>, 'conversationId'>): Promise<SupportState> {
    return this.context.request('support.update', { conversationId, ...change })
  }
}

