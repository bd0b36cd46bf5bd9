import type { AgentRecord, SupportStateRecord } from '../storage/support-store.js'

/** An agent as the API shows it. */
export interface AgentView {
  userId: string
  capacity: number
  teams: string[]
  availability: AgentRecord['availability']
  online: boolean
  openCount: number
}

/** The support state of a conversation as the API shows it (absent fields left out). */
export interface SupportStateView {
  conversationId: string
  customerId: string | null
  status: SupportStateRecord['status']
  assigneeId?: string
  team?: string
  priority: SupportStateRecord['priority']
  reason?: NonNullable<SupportStateRecord['reason']>
  summary?: string
  queuedAt?: number
  assignedAt?: number
  firstResponseAt?: number
  resolvedAt?: number
  snoozedUntil?: number
  updatedAt: number
}

/** An agent profile with whether they are connected. */
export const toAgentView = (agent: AgentRecord, online: boolean): AgentView => ({
  userId: agent.userId, capacity: agent.capacity, teams: agent.teams, availability: agent.availability, online, openCount: agent.openCount,
})

/** A stored support state as the API shows it. */
export function toStateView(state: SupportStateRecord): SupportStateView {
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>))
  return {
    conversationId: state.conversationId,
    customerId: state.customerId,
    status: state.status,
    ...optional('assigneeId', state.assigneeId),
    ...optional('team', state.team),
    priority: state.priority,
    ...optional('reason', state.reason),
    ...optional('summary', state.summary),
    ...optional('queuedAt', state.queuedAt),
    ...optional('assignedAt', state.assignedAt),
    ...optional('firstResponseAt', state.firstResponseAt),
    ...optional('resolvedAt', state.resolvedAt),
    ...optional('snoozedUntil', state.snoozedUntil),
    updatedAt: state.updatedAt,
  }
}
