import { WarblerError } from '@warbler/protocol'
import type { DomainEvents } from '../domain/domain-events.js'
import { newId } from '../domain/ids.js'
import type { MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import type { AgentRecord, Assignment, CsatRecord, HandoffReason, SupportPriority, SupportStateRecord } from '../storage/support-store.js'
import type { Clock } from './clock.js'
import { SupportNotices } from './support-notices.js'
import { withDefaults, type SupportSettings } from './support-settings.js'
import { toAgentView, toStateView, type AgentView, type SupportStateView } from './support-views.js'

/** The webhook events of customer service. */
export type SupportWebhookType = 'support.handoff' | 'support.assigned' | 'support.resolved' | 'support.csat' | 'support.sla_breached'

/** What the support service works with. */
export interface SupportDependencies {
  storage: Storage
  messages: MessageService
  /** Who has a connected session right now (any node). */
  presence: { query(appId: string, userIds: readonly string[]): Promise<{ userId: string; online: boolean }[]> }
  webhooks: { emit(appId: string, type: SupportWebhookType, data: unknown): Promise<number> }
  domainEvents: DomainEvents
  clock: Clock
  logger: Logger
}

/** A hand-off as asked for (REST, a customer phrase, the bot). */
export interface HandoffRequest {
  reason: HandoffReason
  summary?: string
  team?: string
  priority?: SupportPriority
}

/** A change asked for with `PATCH .../support`. */
export interface SupportPatch {
  status?: 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved'
  assigneeId?: string | null
  team?: string | null
  priority?: SupportPriority
  snoozedUntil?: number
}

/** How long the per-node list of an app's agents is trusted (writes on this node forget it at once). */
const AGENT_CACHE_MS = 2000

/**
 * Customer service: agents, hand-off, assignment, resolve/snooze, notes, CSAT. Every change of who
 * owns a conversation goes through the store's locked transitions; this service adds what people
 * see (notices in the customer's language, the agent joining the conversation) and webhooks.
 *
 * @example
 * ```ts
 * const support = new SupportService({ storage, messages, presence, webhooks, domainEvents, clock, logger })
 * await support.handoff(appId, conversationId, { reason: 'customer_request' })
 * ```
 */
export class SupportService {
  private readonly agentCache = new Map<string, { at: number; agents: Promise<AgentRecord[]> }>()
  private readonly notices: SupportNotices
  /** Called after a change that may let a queued conversation be assigned (the loop runs it). */
  onCapacity: (appId: string) => void = () => undefined

  constructor(private readonly deps: SupportDependencies) {
    this.notices = new SupportNotices(deps.storage, deps.messages)
  }

  get clock(): Clock {
    return this.deps.clock
  }

  private get store() {
    return this.deps.storage.support
  }

  // ---- agents ----

  /** The app's agent profiles (cached on this node for a moment: every send may ask). */
  agents(appId: string): Promise<AgentRecord[]> {
    // Cache age is wall time, not the service clock (a test's frozen clock must not freeze the cache).
    const cached = this.agentCache.get(appId)
    if (cached && performance.now() - cached.at < AGENT_CACHE_MS) return cached.agents
    const agents = this.store.listAgents(appId)
    this.agentCache.set(appId, { at: performance.now(), agents })
    agents.catch(() => this.agentCache.delete(appId))
    return agents
  }

  /** Whether the user is one of the app's agents. */
  async isAgent(appId: string, userId: string): Promise<boolean> {
    return (await this.agents(appId)).some((agent) => agent.userId === userId)
  }

  /** Creates or changes an agent profile; a person only. */
  async putAgent(appId: string, userId: string, patch: Partial<Pick<AgentRecord, 'capacity' | 'teams' | 'availability'>>): Promise<AgentView> {
    const user = await this.deps.storage.users.get(appId, userId)
    if (!user) throw new WarblerError('user_not_found', `No user ${userId}.`)
    if (user.kind !== 'person') throw new WarblerError('validation_failed', 'A bot cannot be an agent.')
    const agent = await this.store.putAgent(appId, userId, patch, this.deps.clock.now())
    this.agentCache.delete(appId)
    this.onCapacity(appId)
    const [presence] = await this.deps.presence.query(appId, [userId])
    return toAgentView(agent, presence?.online ?? false)
  }

  async deleteAgent(appId: string, userId: string): Promise<void> {
    if (!(await this.store.deleteAgent(appId, userId, this.deps.clock.now()))) throw new WarblerError('not_found', `${userId} is not an agent.`)
    this.agentCache.delete(appId)
    this.onCapacity(appId)
  }

  /** Agents with whether each has a connected session. */
  async listAgents(appId: string): Promise<AgentView[]> {
    const agents = await this.store.listAgents(appId)
    const online = await this.onlineAmong(appId, agents.map((agent) => agent.userId))
    return agents.map((agent) => toAgentView(agent, online.has(agent.userId)))
  }

  /** Whether the user has a connected session for customer service (a WebSocket, or a console inbox window working as them). */
  async isConnected(appId: string, userId: string): Promise<boolean> {
    return (await this.onlineAmong(appId, [userId])).has(userId)
  }

  private async onlineAmong(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set()
    const presence = await this.deps.presence.query(appId, userIds)
    return new Set(presence.filter((entry) => entry.online).map((entry) => entry.userId))
  }

  /** Agents who may get a conversation now: availability `online` and a connected session. */
  async availableAgents(appId: string): Promise<string[]> {
    const online = (await this.store.listAgents(appId)).filter((agent) => agent.availability === 'online' && agent.openCount < agent.capacity)
    return [...(await this.onlineAmong(appId, online.map((agent) => agent.userId)))]
  }

  // ---- state ----

  /** The app's support settings with defaults filled in. */
  async settings(appId: string): Promise<SupportSettings> {
    return withDefaults(await this.store.getSettings(appId))
  }

  /** The conversation's customer: the member who is neither a bot nor an agent. */
  async customerOf(appId: string, conversationId: string): Promise<string | null> {
    const memberIds = await this.deps.storage.conversations.memberIds(appId, conversationId)
    const agents = new Set((await this.agents(appId)).map((agent) => agent.userId))
    for (const id of memberIds) {
      if (agents.has(id)) continue
      const user = await this.deps.storage.users.get(appId, id)
      if (user?.kind === 'person') return id
    }
    return null
  }

  private async requireConversation(appId: string, conversationId: string) {
    const conversation = await this.deps.storage.conversations.get(appId, conversationId)
    if (!conversation) throw new WarblerError('conversation_not_found')
    return conversation
  }

  /** The support state (status `bot` when it was never handed off). */
  async state(appId: string, conversationId: string): Promise<SupportStateView> {
    await this.requireConversation(appId, conversationId)
    const state = await this.store.getState(appId, conversationId)
    if (state) return toStateView(state)
    return { conversationId, customerId: await this.customerOf(appId, conversationId), status: 'bot', priority: 'normal', updatedAt: this.deps.clock.now() }
  }

  /**
   * Hands the conversation to a person: queues it (a new case), tells the customer, announces
   * `support.handoff`, and assigns at once when an agent is free. Already queued or assigned:
   * answers the state unchanged.
   */
  async handoff(appId: string, conversationId: string, request: HandoffRequest): Promise<SupportStateView> {
    await this.requireConversation(appId, conversationId)
    const customerId = await this.customerOf(appId, conversationId)
    const { state, created } = await this.store.handoff(appId, conversationId, {
      customerId, reason: request.reason, caseId: newId('case'), now: this.deps.clock.now(),
      ...(request.summary === undefined ? {} : { summary: request.summary }),
      ...(request.team === undefined ? {} : { team: request.team }),
      ...(request.priority === undefined ? {} : { priority: request.priority }),
    })
    if (!created) return toStateView(state)
    await this.notices.handoff(appId, state)
    void this.deps.webhooks.emit(appId, 'support.handoff', {
      conversationId, customerId: state.customerId, reason: state.reason, priority: state.priority,
      ...(state.summary === null ? {} : { summary: state.summary }), ...(state.team === null ? {} : { team: state.team }),
    })
    this.deps.logger.info({ event: 'support.handoff', appId, conversationId, reason: request.reason }, 'conversation handed off')
    await this.assign(appId)
    const now = (await this.store.getState(appId, conversationId)) ?? state
    if (now.status === 'queued') {
      const position = await this.queuePosition(appId, conversationId)
      if (position !== undefined) await this.notices.queued(appId, now, position)
    }
    return toStateView(now)
  }

  /** Where a queued conversation stands in its app's line (1 = next), among the first 200. */
  private async queuePosition(appId: string, conversationId: string): Promise<number | undefined> {
    const queued = await this.store.listStates(appId, { status: 'queued', limit: 200 })
    const index = queued.findIndex((entry) => entry.conversationId === conversationId)
    return index === -1 ? undefined : index + 1
  }

  /** Assigns the app's queued conversations to available agents (the store decides who). */
  async assign(appId: string): Promise<Assignment[]> {
    const available = await this.availableAgents(appId)
    if (available.length === 0) return []
    const assignments = await this.withRetry(() => this.store.assignQueued(appId, available, this.deps.clock.now()))
    for (const assignment of assignments) await this.assigned(appId, assignment)
    return assignments
  }

  /** PostgreSQL may refuse one of two crossing transactions (deadlock, serialization): try again. */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        const code = (error as { code?: unknown }).code
        if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error
      }
    }
  }

  /** What follows an assignment: the agent joins the conversation, everyone is told, the webhook. */
  private async assigned(appId: string, assignment: Assignment): Promise<void> {
    if (assignment.previousAssigneeId === assignment.agentId) return
    await this.notices.assigned(appId, assignment.state, assignment.agentId)
    this.deps.domainEvents.emit('member.joined', { appId, conversationId: assignment.conversationId, userIds: [assignment.agentId], by: null })
    void this.deps.webhooks.emit(appId, 'support.assigned', {
      conversationId: assignment.conversationId, assigneeId: assignment.agentId,
      ...(assignment.previousAssigneeId === null ? {} : { previousAssigneeId: assignment.previousAssigneeId }),
    })
    if (assignment.previousAssigneeId !== null) this.onCapacity(appId)
  }

  /**
   * An agent's message in a conversation they do not hold: they take it over (within their
   * capacity; `conflict` when a colleague holds it). Called before the message is stored.
   */
  async takeOver(appId: string, conversationId: string, agentId: string): Promise<void> {
    const customerId = await this.customerOf(appId, conversationId)
    const assignment = await this.withRetry(() =>
      this.store.assignTo(appId, conversationId, agentId, this.deps.clock.now(), { caseId: newId('case'), customerId, takeOver: true }),
    )
    await this.assigned(appId, assignment)
  }

  /** Applies a `PATCH .../support`. */
  async patch(appId: string, conversationId: string, patch: SupportPatch): Promise<SupportStateView> {
    await this.requireConversation(appId, conversationId)
    const now = () => this.deps.clock.now()
    if (patch.priority !== undefined) {
      await this.store.ensureState(appId, conversationId, await this.customerOf(appId, conversationId), now())
      await this.store.setPriority(appId, conversationId, patch.priority, now())
    }
    if (typeof patch.assigneeId === 'string') {
      if (!(await this.isAgent(appId, patch.assigneeId))) throw new WarblerError('validation_failed', `${patch.assigneeId} is not an agent.`)
      const customerId = await this.customerOf(appId, conversationId)
      const assignment = await this.withRetry(() => this.store.assignTo(appId, conversationId, patch.assigneeId as string, now(), { caseId: newId('case'), customerId }))
      await this.assigned(appId, assignment)
    } else if (patch.assigneeId === null || (patch.team !== undefined && patch.status === undefined)) {
      const requeued = await this.store.requeue(appId, conversationId, now(), patch.team)
      if (!requeued) throw new WarblerError('conflict', 'The conversation is not waiting for or with an agent.')
      this.onCapacity(appId)
    }
    if (patch.status !== undefined) await this.changeStatus(appId, conversationId, patch)
    return this.state(appId, conversationId)
  }

  private async changeStatus(appId: string, conversationId: string, patch: SupportPatch): Promise<void> {
    const now = this.deps.clock.now()
    switch (patch.status) {
      case 'resolved':
        await this.resolve(appId, conversationId)
        return
      case 'snoozed': {
        if (patch.snoozedUntil === undefined || patch.snoozedUntil <= now) throw new WarblerError('validation_failed', 'snoozedUntil: a time in the future is needed to snooze.')
        if (!(await this.store.snooze(appId, conversationId, patch.snoozedUntil, now))) throw new WarblerError('conflict', 'Only a queued or assigned conversation can be snoozed.')
        this.onCapacity(appId)
        return
      }
      case 'queued': {
        const current = await this.store.getState(appId, conversationId)
        if (current && (current.status === 'snoozed' || current.status === 'assigned')) await this.store.requeue(appId, conversationId, now, patch.team)
        else if (!current || current.status === 'bot' || current.status === 'resolved') {
          await this.handoff(appId, conversationId, { reason: 'other', ...(patch.team ? { team: patch.team } : {}) })
        }
        this.onCapacity(appId)
        return
      }
      case 'bot':
        await this.store.returnToBot(appId, conversationId, now)
        this.onCapacity(appId)
        return
      case 'assigned': {
        if (typeof patch.assigneeId !== 'string') throw new WarblerError('validation_failed', 'assigneeId: name the agent to assign.')
        return
      }
    }
  }

  /** Resolves the open case: frees the agent, offers CSAT, announces `support.resolved`. */
  async resolve(appId: string, conversationId: string): Promise<SupportStateRecord> {
    const state = await this.store.resolve(appId, conversationId, this.deps.clock.now())
    if (!state) throw new WarblerError('conflict', 'The conversation has no open hand-off to resolve.')
    await this.notices.resolved(appId, state)
    void this.deps.webhooks.emit(appId, 'support.resolved', { conversationId, resolvedAt: state.resolvedAt, ...(state.assigneeId === null ? {} : { assigneeId: state.assigneeId }) })
    this.onCapacity(appId)
    return state
  }

  /** Announces a CSAT rating (`support.csat`). */
  async emitCsat(appId: string, record: CsatRecord): Promise<void> {
    void this.deps.webhooks.emit(appId, 'support.csat', {
      conversationId: record.conversationId, userId: record.userId, rating: record.rating,
      ...(record.comment === null ? {} : { comment: record.comment }), ...(record.assigneeId === null ? {} : { assigneeId: record.assigneeId }),
    })
  }

  /** Snoozed conversations due now go back to the queue (any app). */
  async reopenDue(): Promise<SupportStateRecord[]> {
    const reopened = await this.store.reopenDue(this.deps.clock.now())
    for (const appId of new Set(reopened.map((state) => state.appId))) this.onCapacity(appId)
    return reopened
  }

  /** The customer wrote into a snoozed conversation: it goes back to the queue at once. */
  async customerWrote(state: SupportStateRecord): Promise<void> {
    if (state.status !== 'snoozed') return
    await this.store.requeue(state.appId, state.conversationId, this.deps.clock.now())
    this.onCapacity(state.appId)
  }
}
