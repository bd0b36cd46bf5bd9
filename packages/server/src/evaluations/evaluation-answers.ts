import { z } from 'zod'
import { listSchema } from '../http/list-envelope.js'
import type { EvalRunView } from './eval-run-service.js'
import type { EvalSetView } from './eval-set-service.js'
import type { KnowledgeGap } from './knowledge-gaps.js'
import type { VariantOutcome } from './variant-service.js'

// The answers of the evaluation routes, for the API document (and so for the typed SDK). The
// services' own types are checked against them at the bottom: a view field that is renamed,
// removed or changes type without its schema here fails the build.

const Overrides = z.object({
  model: z.string().optional(),
  systemPrompt: z.string().optional(),
  knowledgeBaseIds: z.array(z.string()).optional(),
  topK: z.number().int().optional(),
  temperature: z.number().optional(),
})

const Origin = z.object({
  kind: z.enum(['feedback', 'handoff', 'csat']),
  conversationId: z.string(),
  seq: z.number().int().optional(),
  answerGiven: z.string().optional(),
  agentAnswer: z.string().optional(),
})

/** One item of an eval set (`origin` when it was built from a production signal). */
export const EvalItemAnswer = z.object({ question: z.string(), expected: z.array(z.string()).optional(), expectedDocumentIds: z.array(z.string()).optional(), origin: Origin.optional() })

/** An eval set with the items of one version. */
export const EvalSetAnswer = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().describe('The newest version.'),
  itemsVersion: z.number().int().describe('The version whose items these are.'),
  origin: z.string(),
  itemCount: z.number().int(),
  items: z.array(EvalItemAnswer),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})

/** A row of the eval-set list (no items). */
export const EvalSetSummary = EvalSetAnswer.omit({ items: true })

const Candidate = z.object({
  index: z.number().int(),
  botId: z.string(),
  label: z.string(),
  model: z.string().nullable(),
  overrides: Overrides.optional(),
  answered: z.number().int(),
  answerMatch: z.number().nullable().describe('Share of items whose answer matched an expectation (0..1).'),
  citationHit: z.number().nullable().describe('Share of items that cited a gold document (0..1).'),
  handoffRate: z.number().nullable(),
  latencyP50Ms: z.number(),
  latencyP95Ms: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  estimatedCost: z.number().nullable(),
  currency: z.string().nullable(),
  judgeScore: z.number().nullable(),
  errors: z.number().int(),
})

const CandidateAnswer = z.object({
  candidateIndex: z.number().int(),
  answer: z.string(),
  answerMatch: z.boolean(),
  citationHit: z.boolean().nullable(),
  handoff: z.boolean(),
  latencyMs: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  citedDocumentIds: z.array(z.string()),
  judgeScore: z.number().optional(),
  error: z.string().optional(),
})

/** An eval run: status, progress, per-candidate figures and (when read one by one) every item side by side. */
export const EvalRunAnswer = z.object({
  id: z.string(),
  evalSetId: z.string(),
  version: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  progress: z.number(),
  completed: z.number().int(),
  total: z.number().int(),
  error: z.string().optional(),
  judge: z.object({ botId: z.string(), model: z.string().optional() }).nullable().optional(),
  createdAt: z.number().int(),
  startedAt: z.number().int().optional(),
  finishedAt: z.number().int().optional(),
  candidates: z.array(Candidate),
  items: z
    .array(z.object({ index: z.number().int(), question: z.string(), expected: z.array(z.string()).optional(), expectedDocumentIds: z.array(z.string()).optional(), answers: z.array(CandidateAnswer.nullable()) }))
    .optional(),
})

/** An A/B variant of a bot. */
export const BotVariantAnswer = z.object({ id: z.string(), weight: z.number(), overrides: Overrides })

/** A bot's variants. */
export const BotVariantsAnswer = z.object({ botId: z.string(), variants: z.array(BotVariantAnswer) })

/** How two rates compare, with a plain note in English and Chinese. */
const Comparison = z.object({
  difference: z.number(),
  pValue: z.number().nullable(),
  note: z.string(),
  noteZh: z.string(),
  verdict: z.enum(['no_data', 'too_few', 'significant', 'not_significant']),
})

/** The outcomes of one variant. */
export const VariantOutcomeAnswer = z.object({
  variantId: z.string(),
  weight: z.number(),
  overrides: Overrides,
  replies: z.number().int(),
  users: z.number().int(),
  handoffRate: z.number().nullable(),
  thumbsUp: z.number().int(),
  thumbsDown: z.number().int(),
  downRate: z.number().nullable(),
  csatAverage: z.number().nullable(),
  csatCount: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  latencyP50Ms: z.number(),
})

/** A knowledge gap: similar questions the bots declined or answered with 👎. */
export const KnowledgeGapAnswer = z.object({
  id: z.string(),
  question: z.string(),
  terms: z.array(z.string()),
  count: z.number().int(),
  declined: z.number().int(),
  thumbsDown: z.number().int(),
  lastAt: z.number().int(),
  examples: z.array(z.object({ question: z.string(), kind: z.enum(['declined', 'thumbs_down']), conversationId: z.string(), seq: z.number().int(), at: z.number().int() })),
})

/** `GET …/bots/{botId}/variants`. */
export const VariantsListAnswer = listSchema(BotVariantAnswer, { legacyKey: 'variants', extra: { botId: z.string() } })

/** `GET …/bots/{botId}/variants/outcomes`. */
export const VariantOutcomesAnswer = listSchema(VariantOutcomeAnswer, {
  legacyKey: 'variants',
  extra: { botId: z.string(), since: z.number().int(), comparison: z.object({ downRate: Comparison, handoffRate: Comparison }).optional().describe('How the first two variants compare.') },
})

/** `GET …/knowledge-gaps`. */
export const KnowledgeGapsAnswer = listSchema(KnowledgeGapAnswer, { legacyKey: 'gaps', extra: { since: z.number().int() } })

/** The views must fit their documented answers (checked at compile time). */
type Fits<View extends Documented, Documented> = View
export type _EvalSetFits = Fits<EvalSetView, z.infer<typeof EvalSetAnswer>>
export type _EvalRunFits = Fits<EvalRunView, z.infer<typeof EvalRunAnswer>>
export type _VariantOutcomeFits = Fits<VariantOutcome, z.infer<typeof VariantOutcomeAnswer>>
export type _KnowledgeGapFits = Fits<KnowledgeGap, z.infer<typeof KnowledgeGapAnswer>>
