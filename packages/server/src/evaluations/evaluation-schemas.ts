import { ResourceId, UserId } from '@warbler/protocol'
import { z } from 'zod'

/** REST shapes of quality: feedback, eval sets, eval runs, variants, gaps (see docs/evaluation.md). */
export const AppParams = z.object({ appId: ResourceId })
export const MessageParams = z.object({ appId: ResourceId, conversationId: ResourceId, seq: z.coerce.number().int().min(1) })
export const SetParams = z.object({ appId: ResourceId, setId: ResourceId })
export const RunParams = z.object({ appId: ResourceId, runId: ResourceId })
export const BotParams = z.object({ appId: ResourceId, botId: ResourceId })

export const FeedbackReason = z.enum(['incorrect', 'incomplete', 'outdated', 'irrelevant', 'other'])

/** `POST …/conversations/{conversationId}/messages/{seq}/feedback`. */
export const FeedbackRequest = z.object({
  /** Who rates (with a user token: that user; may be left out). */
  userId: UserId.optional(),
  rating: z.enum(['up', 'down']),
  reason: FeedbackReason.optional(),
  comment: z.string().trim().max(2000).optional(),
})

export const Feedback = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  userId: z.string(),
  rating: z.enum(['up', 'down']),
  reason: FeedbackReason.optional(),
  comment: z.string().optional(),
  botId: z.string().optional(),
  variantId: z.string().optional(),
  createdAt: z.number(),
})

const Text = z.string().trim().min(1).max(4000)

/** One item of an eval set. */
export const EvalItemInput = z.object({
  question: Text,
  expected: z.array(z.string().trim().min(1).max(2000)).max(20).optional(),
  expectedDocumentIds: z.array(z.string().min(1).max(128)).max(20).optional(),
})

/** Items in a set (and in one version) at most. */
export const MAX_SET_ITEMS = 1000

/** `POST …/eval-sets`: JSON items, or CSV text (`question,expected,expectedDocumentIds`; several values split by `|`). */
export const CreateEvalSetRequest = z
  .object({
    id: ResourceId.optional(),
    name: z.string().trim().min(1).max(200),
    items: z.array(EvalItemInput).max(MAX_SET_ITEMS).optional(),
    csv: z.string().max(2_000_000).optional(),
  })
  .refine((body) => (body.items === undefined) !== (body.csv === undefined), { message: 'Give either items or csv.' })

/** `POST …/eval-sets/{setId}/versions`: the next version's items. */
export const AddVersionRequest = z
  .object({ items: z.array(EvalItemInput).max(MAX_SET_ITEMS).optional(), csv: z.string().max(2_000_000).optional() })
  .refine((body) => (body.items === undefined) !== (body.csv === undefined), { message: 'Give either items or csv.' })

/** `POST …/eval-sets/from-signals`: a set built from production signals. */
export const FromSignalsRequest = z.object({
  name: z.string().trim().min(1).max(200),
  /** Look back this many days (default 30). */
  days: z.number().int().min(1).max(365).optional(),
  /** Which signals (default all three). */
  signals: z.array(z.enum(['thumbs_down', 'missing_knowledge', 'low_csat'])).min(1).optional(),
  /** CSAT ratings at or below this count as low (default 2). */
  csatAtMost: z.number().int().min(1).max(4).optional(),
  limit: z.number().int().min(1).max(MAX_SET_ITEMS).optional(),
})

const Overrides = z.object({
  model: z.string().min(1).max(200).optional(),
  systemPrompt: z.string().max(20_000).optional(),
  knowledgeBaseIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  topK: z.number().int().min(1).max(20).optional(),
  temperature: z.number().min(0).max(2).optional(),
})

/** `POST …/eval-runs`. */
export const CreateEvalRunRequest = z.object({
  evalSetId: ResourceId,
  /** A version of the set (default: its newest); the run pins it. */
  version: z.number().int().min(1).optional(),
  candidates: z.array(z.object({ botId: ResourceId, overrides: Overrides.optional(), label: z.string().trim().min(1).max(80).optional() })).min(1).max(4),
  /** An optional LLM judge: a model-backed bot (and optionally another model of its provider). */
  judge: z.object({ botId: ResourceId, model: z.string().min(1).max(200).optional() }).optional(),
})

/** `PUT …/bots/{botId}/variants`. */
export const PutVariantsRequest = z.object({
  variants: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'variant ids are 1 to 32 letters, digits, _ or -'), weight: z.number().min(0).max(1000), overrides: Overrides.default({}) }))
    .max(4),
})

/** `PUT …/eval-settings`: the price table (per model id) used for estimated cost, and run limits. */
export const EvalSettings = z.object({
  prices: z.record(z.string().min(1).max(200), z.object({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0), currency: z.string().max(8).optional() })).default({}),
  /** Answers made at once per run (default 4). */
  concurrency: z.number().int().min(1).max(16).optional(),
  /** Runs queued or running at once per app (default 3). */
  maxActiveRuns: z.number().int().min(1).max(20).optional(),
})
export type EvalSettings = z.infer<typeof EvalSettings>

/** `POST …/knowledge-gaps/answer`: "add an answer" to a gap. */
export const AnswerGapRequest = z.object({
  knowledgeBaseId: ResourceId,
  question: Text,
  answer: z.string().trim().min(1).max(20_000),
  /** Other wordings of the question (the gap's members), indexed with it. */
  alternatives: z.array(z.string().trim().min(1).max(1000)).max(50).optional(),
})

export const GapsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).optional() })
