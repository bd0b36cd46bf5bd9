import type { ConversationEvent } from '@warbler/protocol'

/** Where a support conversation stands (DESIGN.md "Customer service"). */
export type SupportStatus = 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved'

/** How urgent a conversation is. */
export type SupportPriority = 'low' | 'normal' | 'high' | 'urgent'

/** Why a bot handed a conversation to a person. */
export type HandoffReason = 'customer_request' | 'missing_knowledge' | 'tool_failure' | 'policy' | 'other'

/** Every status, in the order the console shows them. */
export const SUPPORT_STATUSES: readonly SupportStatus[] = ['queued', 'assigned', 'snoozed', 'resolved', 'bot']
/** Every priority, least urgent first. */
export const SUPPORT_PRIORITIES: readonly SupportPriority[] = ['low', 'normal', 'high', 'urgent']
/** Every hand-off reason. */
export const HANDOFF_REASONS: readonly HandoffReason[] = ['customer_request', 'missing_knowledge', 'tool_failure', 'policy', 'other']

/** The support state of one conversation, as `GET …/support` answers it. Times are epoch ms. */
export interface SupportState {
  conversationId?: string
  /** The member who is neither a bot nor an agent. */
  customerId?: string | null
  status: SupportStatus
  assigneeId?: string | null
  team?: string | null
  priority: SupportPriority
  reason?: HandoffReason | null
  summary?: string | null
  queuedAt?: number | null
  assignedAt?: number | null
  firstResponseAt?: number | null
  resolvedAt?: number | null
  snoozedUntil?: number | null
  updatedAt?: number
}

/** One row of `GET …/support/conversations`. */
export interface SupportConversation {
  conversationId: string
  customerId: string | null
  support: SupportState
  lastMessage?: Pick<ConversationEvent, 'seq' | 'senderId' | 'ts' | 'body'> | null
}

/** The app-wide counts `GET …/support/conversations` answers with (`mine`: of the `assigneeId` asked for). */
export interface SupportCounts {
  queued: number
  assigned: number
  snoozed: number
  resolved: number
  mine: number
}

/** One average of CSAT ratings. */
export interface CsatAverage {
  count: number
  average: number
}

/** `GET …/support/analytics`. */
export interface SupportAnalytics {
  handoffs: number
  botConversations: number
  handoffsByReason: Partial<Record<HandoffReason, number>>
  firstResponseMs: { count: number; average: number | null; p50: number | null }
  resolutionMs: { count: number; average: number | null; p50: number | null }
  csat: {
    byAgent: (CsatAverage & { agentId: string })[]
    byTeam: (CsatAverage & { team: string })[]
    byDay: (CsatAverage & { day: string })[]
  }
}

/** An agent as `GET …/agents` lists them. */
export interface Agent {
  userId: string
  capacity: number
  teams: string[]
  availability: 'online' | 'busy' | 'offline'
  /** At least one session of the agent is connected. */
  online: boolean
  openCount: number
}

/** A private note (agents and the console only). */
export interface SupportNote {
  id: string
  conversationId: string
  authorId: string
  text: string
  createdAt: number
}

/** A canned reply of the app, inserted by typing `/shortcut`. */
export interface CannedReply {
  id: string
  shortcut: string
  text: string
}
