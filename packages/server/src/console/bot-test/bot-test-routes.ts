import { ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { defineRoute } from '../../http/route.js'
import { RestSendLimit } from '../../http/rest-send-limit.js'
import type { ServerContext } from '../../server-context.js'
import { answerForTest } from './bot-test-answer.js'

/** Test questions per minute per app and caller (each may cost a model call). */
export const TEST_ANSWERS_PER_MINUTE = 20

const Params = z.object({ appId: ResourceId, botId: z.string().min(1).max(64) })
const Body = z.object({ question: z.string().trim().min(1).max(2000), topK: z.number().int().min(1).max(20).optional() })

/**
 * `POST /api/v1/apps/{appId}/bots/{botId}/test-answer` `{ question, topK? }`: the console's test
 * chat. Answers as the bot would (see {@link answerForTest}), posts nothing, and shows every
 * retrieved passage with its score. Runs as the app (app secret, or a console account through
 * the console's app API proxy, which needs `apps.manage`), is audited like every app API change,
 * and is rate-limited per app and caller: `rate_limited` (429) past {@link TEST_ANSWERS_PER_MINUTE} a minute.
 */
export function botTestRoutes(context: ServerContext) {
  const limit = new RestSendLimit({ perSecond: TEST_ANSWERS_PER_MINUTE / 60, burst: TEST_ANSWERS_PER_MINUTE })
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/bots/:botId/test-answer',
      summary: 'Try a bot: its answer to one question with the retrieved passages, their scores and the relevance gate’s verdict; posts nothing.',
      tag: 'bots',
      auth: 'app',
      openapi: { errors: ['not_found', 'rate_limited'], examples: { request: { question: 'How long do refunds take?' } } },
      params: Params,
      body: Body,
      handler: async ({ params, body, request }) => {
        const caller = context.console.appGrants.principalOf(request)?.accountEmail ?? 'app'
        try {
          limit.take(params.appId, caller)
        } catch (error) {
          const details = WarblerError.isInstance(error) ? error.details : undefined
          throw new WarblerError('rate_limited', `At most ${TEST_ANSWERS_PER_MINUTE} test questions a minute; wait a moment and ask again.`, details ? { details } : {})
        }
        const bot = await context.bots.require(params.appId, params.botId)
        return answerForTest({ knowledge: context.knowledge, model: (record) => context.bots.model(record), logger: context.logger }, bot, body.question, body.topK ? { topK: body.topK } : {})
      },
    }),
  ]
}
