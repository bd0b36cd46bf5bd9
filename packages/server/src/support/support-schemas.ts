import { ResourceId, UserId } from '@warbler/protocol'
import { z } from 'zod'

/** REST shapes of customer service (see docs/support.md "REST"). */
export const Priority = z.enum(['low', 'normal', 'high', 'urgent'])
export const Status = z.enum(['bot', 'queued', 'assigned', 'snoozed', 'resolved'])
export const Reason = z.enum(['customer_request', 'missing_knowledge', 'tool_failure', 'policy', 'other'])
const Team = z.string().trim().min(1).max(64)

export const AppParams = z.object({ appId: ResourceId })
export const AgentParams = z.object({ appId: ResourceId, userId: UserId })
export const ConversationParams = z.object({ appId: ResourceId, conversationId: ResourceId })
export const CannedParams = z.object({ appId: ResourceId, id: ResourceId })

export const PutAgentRequest = z.object({
  capacity: z.number().int().min(0).max(100).optional(),
  teams: z.array(Team).max(20).optional(),
  availability: z.enum(['online', 'busy', 'offline']).optional(),
})

export const Agent = z.object({
  userId: z.string(),
  capacity: z.number(),
  teams: z.array(z.string()),
  availability: z.enum(['online', 'busy', 'offline']),
  online: z.boolean(),
  openCount: z.number(),
})

export const SupportState = z.object({
  conversationId: z.string(),
  customerId: z.string().nullable(),
  status: Status,
  assigneeId: z.string().optional(),
  team: z.string().optional(),
  priority: Priority,
  reason: Reason.optional(),
  summary: z.string().optional(),
  queuedAt: z.number().optional(),
  assignedAt: z.number().optional(),
  firstResponseAt: z.number().optional(),
  resolvedAt: z.number().optional(),
  snoozedUntil: z.number().optional(),
  updatedAt: z.number(),
})

export const HandoffRequest = z.object({
  reason: Reason,
  summary: z.string().max(4000).optional(),
  team: Team.optional(),
  priority: Priority.optional(),
})

export const PatchSupportRequest = z.object({
  status: Status.optional(),
  assigneeId: UserId.nullable().optional(),
  team: Team.nullable().optional(),
  priority: Priority.optional(),
  snoozedUntil: z.number().int().positive().optional(),
})

export const ListSupportQuery = z.object({
  status: Status.optional(),
  assigneeId: UserId.optional(),
  team: Team.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: ResourceId.optional(),
})

export const NoteRequest = z.object({ authorId: UserId, text: z.string().trim().min(1).max(10_000) })
export const Note = z.object({ id: z.string(), conversationId: z.string(), authorId: z.string(), text: z.string(), createdAt: z.number() })

export const CsatRequest = z.object({ userId: UserId, rating: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() })
export const Csat = z.object({
  conversationId: z.string(), userId: z.string(), rating: z.number(), comment: z.string().optional(), resolvedAt: z.number(), createdAt: z.number(),
})

const Shortcut = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'use 1 to 32 letters, digits, - or _')
export const CannedReplyRequest = z.object({ shortcut: Shortcut, text: z.string().trim().min(1).max(10_000) })
export const PatchCannedReplyRequest = CannedReplyRequest.partial()
export const CannedReply = z.object({ id: z.string(), shortcut: z.string(), text: z.string(), createdAt: z.number(), updatedAt: z.number() })

export const AnalyticsQuery = z.object({ from: z.coerce.number().int().min(0).optional(), to: z.coerce.number().int().min(0).optional() })
