import { restCaller, type FetchLike } from '../rest-call.js'

// Called through a wrapper: a browser's fetch throws "Illegal invocation" when called as another object's method.
const browserSafeFetch: FetchLike = (url, init) => (globalThis.fetch as unknown as FetchLike)(url, init)

/** Why an answer was rated 👎. */
export type FeedbackReason = 'incorrect' | 'incomplete' | 'outdated' | 'irrelevant' | 'other'

/** A rating of a bot answer. */
export interface FeedbackInput {
  rating: 'up' | 'down'
  reason?: FeedbackReason
  comment?: string
}

/** A stored rating (every rating is kept; the newest one per user is the current one). */
export interface FeedbackRecord {
  id: string
  conversationId: string
  seq: number
  userId: string
  rating: 'up' | 'down'
  reason?: FeedbackReason
  comment?: string
  botId?: string
  variantId?: string
  createdAt: number
}

/** What rating needs from the client, read at call time (the token may have been refreshed). */
export interface FeedbackContext {
  url: string
  appId: string | undefined
  token: () => string | Promise<string>
  fetch?: FetchLike
}

/**
 * `client.feedback(conversationId, seq, { rating, reason?, comment? })`: rates a bot's answer as
 * the signed-in user, over REST with the user's token. Rating again records a new rating (the
 * history is kept); the app sees them in the console and through the `bot.feedback` webhook.
 *
 * @example
 * ```ts
 * client.on('message', async (m) => {
 *   if (m.senderId === 'helper') await client.feedback(m.conversationId, m.seq, { rating: 'down', reason: 'outdated', comment: 'Prices changed in May' })
 * })
 * ```
 */
export function rateAnswers(context: () => FeedbackContext): (conversationId: string, seq: number, input: FeedbackInput) => Promise<FeedbackRecord> {
  return async (conversationId, seq, input) => {
    const { url, appId, token, fetch: fetchLike } = context()
    if (!appId) throw new Error('Connect first: the app id comes from the server’s welcome.')
    const call = restCaller({ base: `${url.replace(/\/$/, '')}/api/v1/apps/${encodeURIComponent(appId)}`, credential: token, fetch: fetchLike ?? browserSafeFetch })
    const body = { rating: input.rating, ...(input.reason ? { reason: input.reason } : {}), ...(input.comment ? { comment: input.comment } : {}) }
    return call<FeedbackRecord>('POST', `/conversations/${encodeURIComponent(conversationId)}/messages/${seq}/feedback`, body)
  }
}

/** One page of the user's own current ratings in a conversation. */
export interface OwnFeedbackPage {
  /** The newest rating of each message the user rated, by ascending `seq`. */
  items: FeedbackRecord[]
  /** Pass back as `afterSeq` for the next page; `null` on the last one. */
  next: string | null
}

/**
 * `client.myFeedback(conversationId, { afterSeq?, limit? })`: the signed-in user's own current
 * rating of each bot answer they rated in a conversation they are in (the newest per message), so
 * an app shows the given 👍/👎 on every device and after a reload. Never anyone else's ratings.
 *
 * @example
 * ```ts
 * const { items } = await client.myFeedback(conversationId)
 * const given = new Map(items.map((rating) => [rating.seq, rating.rating]))
 * ```
 */
export function readOwnFeedback(context: () => FeedbackContext): (conversationId: string, options?: { afterSeq?: number | string; limit?: number }) => Promise<OwnFeedbackPage> {
  return async (conversationId, options = {}) => {
    const { url, appId, token, fetch: fetchLike } = context()
    if (!appId) throw new Error('Connect first: the app id comes from the server’s welcome.')
    const call = restCaller({ base: `${url.replace(/\/$/, '')}/api/v1/apps/${encodeURIComponent(appId)}`, credential: token, fetch: fetchLike ?? browserSafeFetch })
    const query = new URLSearchParams()
    if (options.afterSeq !== undefined) query.set('afterSeq', String(options.afterSeq))
    if (options.limit !== undefined) query.set('limit', String(options.limit))
    const search = query.size > 0 ? `?${query}` : ''
    const page = await call<OwnFeedbackPage>('GET', `/conversations/${encodeURIComponent(conversationId)}/feedback/mine${search}`)
    return { items: page.items, next: page.next }
  }
}
