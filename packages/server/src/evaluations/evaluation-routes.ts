import { WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { BotVariantsAnswer, EvalRunAnswer, EvalSetAnswer, EvalSetSummary, KnowledgeGapsAnswer, VariantOutcomesAnswer, VariantsListAnswer } from './evaluation-answers.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import type { EvaluationsModule } from './create-evaluations.js'
import {
  AddVersionRequest, AnswerGapRequest, AppParams, BotParams, CreateEvalRunRequest, CreateEvalSetRequest, EvalSettings, Feedback, FeedbackRequest, FromSignalsRequest, GapsQuery,
  MessageParams, PutVariantsRequest, RunParams, SetParams,
} from './evaluation-schemas.js'
import { toFeedbackView } from './feedback-service.js'
import { callerAuthenticator } from './request-identity.js'
import { RatingLimit } from './rating-limit.js'

/**
 * REST routes of quality (docs/evaluation.md): feedback (app secret, or the end user's token),
 * eval sets, eval runs, settings, A/B variants and knowledge gaps (app secret or console).
 */
export function evaluationRoutes(context: ServerContext, evaluations: EvaluationsModule, ratings = new RatingLimit()) {
  const tag = 'quality'
  const caller = callerAuthenticator(context)
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback', tag, auth: 'none', status: 201,
      summary: 'Rate a bot answer 👍/👎 with a reason and a comment (an end user with their token, or the app for a user or agent). Every rating is kept.',
      openapi: { security: ['appSecret', 'userToken'], errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'rate_limited'] },
      params: MessageParams, body: FeedbackRequest, response: Feedback,
      handler: async ({ params, body, request }) => {
        const who = await caller(request, params.appId)
        if (who.kind === 'user' && body.userId !== undefined && body.userId !== who.userId) throw new WarblerError('forbidden', 'A user token rates as its own user only.')
        if (who.kind === 'user') ratings.take(params.appId, who.userId)
        const userId = who.kind === 'user' ? who.userId : body.userId
        if (!userId) throw new WarblerError('validation_failed', 'userId: say who rates the answer.')
        return evaluations.feedback.rate(params.appId, params.conversationId, params.seq, userId, body)
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback', tag, auth: 'app',
      summary: 'Every rating of a bot answer, oldest first (the history: a change of mind is a new rating).',
      params: MessageParams, response: listSchema(Feedback, { legacyKey: 'feedback' }),
      handler: async ({ params }) => listPage(await evaluations.feedback.history(params.appId, params.conversationId, params.seq), null, 'feedback'),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/feedback', tag, auth: 'app', summary: 'Ratings of bot answers, newest first.',
      params: AppParams, query: z.object({ rating: z.enum(['up', 'down']).optional(), botId: z.string().max(64).optional(), conversationId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: listSchema(Feedback, { legacyKey: 'feedback' }),
      handler: async ({ params, query }) => listPage((await evaluations.store.listFeedback(params.appId, { ...query, limit: query.limit ?? 100 })).map(toFeedbackView), null, 'feedback'),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/eval-sets', tag, auth: 'app', status: 201,
      summary: 'Create an eval set from items or CSV (question, expected, expectedDocumentIds; several values split by |).',
      params: AppParams, body: CreateEvalSetRequest, response: EvalSetAnswer,
      handler: async ({ params, body }) => evaluations.sets.create(params.appId, body),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/eval-sets/from-signals', tag, auth: 'app', status: 201,
      summary: 'Build an eval set from production: thumbs-down answers, missing-knowledge hand-offs and low CSAT, with the agent’s answer as a suggested expectation.',
      params: AppParams, body: FromSignalsRequest, response: EvalSetAnswer,
      handler: async ({ params, body }) => evaluations.sets.fromSignals(params.appId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/eval-sets', tag, auth: 'app', summary: 'The app’s eval sets, newest first.',
      params: AppParams, response: listSchema(EvalSetSummary, { legacyKey: 'evalSets' }),
      handler: async ({ params }) => listPage(await evaluations.sets.list(params.appId), null, 'evalSets'),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/eval-sets/:setId', tag, auth: 'app', summary: 'An eval set with the items of its newest version (or of ?version=).',
      params: SetParams, query: z.object({ version: z.coerce.number().int().min(1).optional() }), response: EvalSetAnswer,
      handler: async ({ params, query }) => evaluations.sets.view(params.appId, params.setId, query.version),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/eval-sets/:setId/versions', tag, auth: 'app', status: 201,
      summary: 'Save new items as the next version of an eval set (runs keep the version they pinned).',
      params: SetParams, body: AddVersionRequest, response: EvalSetAnswer,
      handler: async ({ params, body }) => evaluations.sets.addVersion(params.appId, params.setId, body),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/eval-runs', tag, auth: 'app', status: 201,
      summary: 'Queue an eval run: candidates (a bot with optional overrides of model, system prompt, knowledge bases, retrieval) answer every item of the pinned set version.',
      params: AppParams, body: CreateEvalRunRequest, response: z.object({ id: z.string(), status: z.literal('queued') }),
      handler: async ({ params, body }) => evaluations.runs.create(params.appId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/eval-runs', tag, auth: 'app', summary: 'Eval runs, newest first, with each candidate’s figures.',
      params: AppParams, query: z.object({ evalSetId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).optional() }),
      response: listSchema(EvalRunAnswer, { legacyKey: 'runs' }),
      handler: async ({ params, query }) => listPage(await evaluations.runs.list(params.appId, { ...(query.evalSetId ? { setId: query.evalSetId } : {}), ...(query.limit ? { limit: query.limit } : {}) }), null, 'runs'),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/eval-runs/:runId', tag, auth: 'app',
      summary: 'An eval run: status, progress, per candidate answerMatch, citationHit, handoffRate, latency p50/p95, tokens and estimated cost, and every item side by side.',
      params: RunParams, response: EvalRunAnswer, handler: async ({ params }) => evaluations.runs.view(params.appId, params.runId),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/eval-runs/:runId/cancel', tag, auth: 'app', summary: 'Cancel an eval run (the answers made so far stay).',
      params: RunParams, response: EvalRunAnswer, handler: async ({ params }) => evaluations.runs.cancel(params.appId, params.runId),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/eval-settings', tag, auth: 'app', summary: 'The price table per model (for estimated cost) and the run limits.',
      params: AppParams, response: EvalSettings, handler: async ({ params }) => evaluations.settings.get(params.appId),
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/apps/:appId/eval-settings', tag, auth: 'app', summary: 'Set the price table per model and the run limits.',
      params: AppParams, body: EvalSettings, response: EvalSettings, handler: async ({ params, body }) => evaluations.settings.put(params.appId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/bots/:botId/variants', tag, auth: 'app', summary: 'A bot’s A/B variants.',
      params: BotParams, response: VariantsListAnswer,
      handler: async ({ params }) => {
        const { botId, variants } = await evaluations.variants.get(params.appId, params.botId)
        return { botId, ...listPage(variants, null, 'variants') }
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/apps/:appId/bots/:botId/variants', tag, auth: 'app',
      summary: 'Set a bot’s A/B variants (weights and overrides; each user keeps their variant). An empty list ends the test.',
      params: BotParams, body: PutVariantsRequest, response: BotVariantsAnswer, handler: async ({ params, body }) => evaluations.variants.put(params.appId, params.botId, body.variants),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/bots/:botId/variants/outcomes', tag, auth: 'app',
      summary: 'Outcomes per variant: replies, users, hand-off rate, 👍/👎, CSAT, tokens, latency, with a significance note.',
      params: BotParams, query: GapsQuery, response: VariantOutcomesAnswer,
      handler: async ({ params, query }) => {
        const { variants, ...rest } = await evaluations.variants.outcomes(params.appId, params.botId, query.days)
        return { ...rest, ...listPage(variants, null, 'variants') }
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/knowledge-gaps', tag, auth: 'app', summary: 'Questions the bots declined or answered with 👎, grouped by similarity, biggest first.',
      params: AppParams, query: GapsQuery, response: KnowledgeGapsAnswer,
      handler: async ({ params, query }) => {
        const { since, gaps } = await evaluations.gaps.list(params.appId, query.days)
        return { since, ...listPage(gaps, null, 'gaps') }
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/knowledge-gaps/answer', tag, auth: 'app', status: 201,
      summary: 'Add an answer to a gap: a Q&A document (the question, its other wordings, the answer) in a knowledge base.',
      params: AppParams, body: AnswerGapRequest, response: z.object({ documentId: z.string(), status: z.string() }), handler: async ({ params, body }) => evaluations.gaps.answer(params.appId, body),
    }),
  ]
}
