import { z } from 'zod'
import { ResourceId, UserId } from './ids.js'
import type { MessageBody } from './message-body.js'

/**
 * Customer service over a user's own connection (docs/support.md "Over the WebSocket"): an app user
 * who is an agent works the queue, and a customer rates a resolved conversation. The same rules as
 * the REST routes apply; the user is always the one the token names.
 */
const RequestId = z.string().min(1).max(64)
const Team = z.string().trim().min(1).max(64)
const SupportStatusSchema = z.enum(['bot', 'queued', 'assigned', 'snoozed', 'resolved'])
const PrioritySchema = z.enum(['low', 'normal', 'high', 'urgent'])
const AvailabilitySchema = z.enum(['online', 'busy', 'offline'])

/** (Agents) conversations in customer service, with counts per status; `mine` lists the caller's. */
export const SupportListFrame = z.object({
  type: z.literal('support.list'),
  id: RequestId,
  status: SupportStatusSchema.optional(),
  /** Only the conversations assigned to the caller (overrides `assigneeId`). */
  mine: z.boolean().optional(),
  assigneeId: UserId.optional(),
  team: Team.optional(),
  limit: z.number().int().min(1).max(200).optional(),
  /** The last `conversationId` of the previous page. */
  after: ResourceId.optional(),
})
/** (Agents) the support state of one conversation. */
export const SupportGetFrame = z.object({ type: z.literal('support.get'), id: RequestId, conversationId: ResourceId })
/**
 * (Agents) take, assign or transfer (`assigneeId`; `null` back to the queue), transfer to a team,
 * snooze (`status: 'snoozed'` + `snoozedUntil`), resolve, requeue, hand back to the bot, reprioritise.
 */
export const SupportUpdateFrame = z.object({
  type: z.literal('support.update'),
  id: RequestId,
  conversationId: ResourceId,
  status: SupportStatusSchema.optional(),
  assigneeId: UserId.nullable().optional(),
  team: Team.nullable().optional(),
  priority: PrioritySchema.optional(),
  snoozedUntil: z.number().int().positive().optional(),
})
/** (Agents) a private note by the caller: never an event of the conversation. */
export const SupportNoteFrame = z.object({ type: z.literal('support.note'), id: RequestId, conversationId: ResourceId, text: z.string().trim().min(1).max(10_000) })
/** (Agents) the private notes of a conversation, oldest first. */
export const SupportNotesFrame = z.object({ type: z.literal('support.notes'), id: RequestId, conversationId: ResourceId })
/** (Agents) the app's agents, with whether each is connected and their open count. */
export const SupportAgentsFrame = z.object({ type: z.literal('support.agents'), id: RequestId })
/** (Agents) the caller's own availability: `online` takes new conversations. */
export const SupportAvailabilityFrame = z.object({ type: z.literal('support.availability'), id: RequestId, availability: AvailabilitySchema })
/** (Customers) rate the resolution of your conversation, 1–5, once per resolution. */
export const SupportRateFrame = z.object({
  type: z.literal('support.rate'),
  id: RequestId,
  conversationId: ResourceId,
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
})

/** Every customer-service frame, for the client frame union. */
export const SUPPORT_FRAMES = [
  SupportListFrame,
  SupportGetFrame,
  SupportUpdateFrame,
  SupportNoteFrame,
  SupportNotesFrame,
  SupportAgentsFrame,
  SupportAvailabilityFrame,
  SupportRateFrame,
] as const

/** The support state of a conversation (times are epoch ms). */
export interface SupportStateResult {
  conversationId: string
  customerId: string | null
  status: 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved'
  assigneeId?: string
  team?: string
  priority: 'low' | 'normal' | 'high' | 'urgent'
  reason?: 'customer_request' | 'missing_knowledge' | 'tool_failure' | 'policy' | 'other'
  summary?: string
  queuedAt?: number
  assignedAt?: number
  firstResponseAt?: number
  resolvedAt?: number
  snoozedUntil?: number
  updatedAt: number
}

/** An agent with whether they are connected. */
export interface SupportAgentResult {
  userId: string
  capacity: number
  teams: string[]
  availability: 'online' | 'busy' | 'offline'
  online: boolean
  openCount: number
}

/** A private note. */
export interface SupportNoteResult {
  id: string
  conversationId: string
  authorId: string
  text: string
  createdAt: number
}

/** What the customer-service frames answer. */
export interface SupportRequestResults {
  'support.list': {
    conversations: { conversationId: string; customerId: string | null; support: SupportStateResult; lastMessage?: { seq: number; senderId: string; ts: number; body?: MessageBody } }[]
    counts: { queued: number; assigned: number; snoozed: number; resolved: number; mine: number }
  }
  'support.get': SupportStateResult
  'support.update': SupportStateResult
  'support.note': SupportNoteResult
  'support.notes': { notes: SupportNoteResult[] }
  'support.agents': { agents: SupportAgentResult[] }
  'support.availability': SupportAgentResult
  'support.rate': { conversationId: string; userId: string; rating: number; comment?: string; resolvedAt: number; createdAt: number }
}
