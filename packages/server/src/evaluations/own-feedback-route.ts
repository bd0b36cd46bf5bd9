import { ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { RestSendLimit } from '../http/rest-send-limit.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import type { EvaluationsModule } from './create-evaluations.js'
import { Feedback } from './evaluation-schemas.js'
import { toFeedbackView } from './feedback-service.js'
import { callerAuthenticator } from './request-identity.js'

/** The most ratings one page answers. */
export const OWN_FEEDBACK_PAGE_MAX = 200

const Params = z.object({ appId: ResourceId, conversationId: ResourceId })
const Query = z.object({
  afterSeq: z.coerce.number().int().min(0).optional().describe('The `next` of the previous page: ratings of messages after this seq.'),
  limit: z.coerce.number().int().min(1).max(OWN_FEEDBACK_PAGE_MAX).optional().describe(`Messages per page (default 100, at most ${OWN_FEEDBACK_PAGE_MAX}).`),
})

/**
 * Reads of one's own ratings per (app, user), as token buckets on this node: a chat app reads them
 * when a conversation opens, far fewer than this. A refusal is `rate_limited` (429, `Retry-After`).
 */
export class OwnFeedbackLimit {
  readonly #buckets: RestSendLimit

  constructor(options: { perSecond?: number; burst?: number; now?: () => number } = {}) {
    this.#buckets = new RestSendLimit({ perSecond: options.perSecond ?? 2, burst: options.burst ?? 20, ...(options.now ? { now: options.now } : {}) })
  }

  /** Counts one read by `userId` in `appId`, or throws `rate_limited` with the seconds to wait. */
  take(appId: string, userId: string): void {
    try {
      this.#buckets.take(appId, userId)
    } catch (error) {
      if (!WarblerError.isInstance(error) || error.code !== 'rate_limited') throw error
      const details = error.details as { retryAfterSeconds: number }
      throw new WarblerError('rate_limited', `Too many reads of your ratings; wait ${details.retryAfterSeconds} s (Retry-After) and read again.`, { details })
    }
  }
}

/**
 * `GET /api/v1/apps/{appId}/conversations/{conversationId}/feedback/mine`: a chat user, with their
 * token, reads back **their own** current rating (the newest) of each bot answer they rated in a
 * conversation they are a member of, so 👍/👎 show on every device and after a reload. Nobody
 * else's ratings are ever answered; the app reads every rating with its secret at `GET …/feedback`.
 */
export function ownFeedbackRoutes(context: ServerContext, evaluations: EvaluationsModule, limit = new OwnFeedbackLimit()) {
  const caller = callerAuthenticator(context)
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/conversations/:conversationId/feedback/mine', tag: 'quality', auth: 'none',
      summary: 'Your own current 👍/👎 on the bot answers of a conversation you are in (the newest rating per message, by seq), with your user token. Pass `next` back as `afterSeq`.',
      openapi: { operationId: 'listOwnFeedback', security: ['userToken'], errors: ['unauthenticated', 'forbidden', 'conversation_not_found', 'not_member', 'rate_limited'] },
      params: Params, query: Query, response: listSchema(Feedback),
      handler: async ({ params, query, request }) => {
        const who = await caller(request, params.appId)
        if (who.kind !== 'user') throw new WarblerError('forbidden', 'This route answers a chat user’s own ratings, with their token; the app reads every rating at GET /api/v1/apps/{appId}/feedback.')
        limit.take(params.appId, who.userId)
        const { storage } = context
        if (!(await storage.conversations.get(params.appId, params.conversationId))) throw new WarblerError('conversation_not_found', `Conversation ${params.conversationId} does not exist.`)
        const member = (await storage.conversations.memberIds(params.appId, params.conversationId)).includes(who.userId)
        // Agents rate answers of conversations they are not in (FeedbackService.rate), so they read theirs back too.
        if (!member && !(await storage.support.getAgent(params.appId, who.userId))) throw new WarblerError('not_member', 'You are not a member of this conversation.')
        const size = query.limit ?? 100
        const records = await evaluations.store.currentFeedbackOf(params.appId, params.conversationId, who.userId, { ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}), limit: size + 1 })
        const page = records.slice(0, size)
        return listPage(page.map(toFeedbackView), records.length > size ? page.at(-1)!.seq : null)
      },
    }),
  ]
}
