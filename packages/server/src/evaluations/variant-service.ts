import { assignVariant, compareProportions, nearestRankPercentile, type ProportionComparison, type TokenUsage } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { BotRecord } from '../storage/bot-store.js'
import type { BotVariant, EvaluationStore } from '../storage/evaluation-store.js'
import type { Storage } from '../storage/storage.js'
import { applyOverrides } from './apply-overrides.js'
import { currentRatings } from './production-signals.js'

/** How long a node uses a cached list of a bot's variants (a PUT on this node clears it at once). */
const CACHE_MS = 2_000
const DAY_MS = 86_400_000

/** The variant chosen for one reply: the bot as the variant configures it, and what to put in the reply's `ext`. */
export interface ChosenVariant {
  bot: BotRecord
  variantId: string
  ext: { variant: string }
}

/** What the bot reply path asks of A/B variants (see `bots/bot-reply.ts`). */
export interface ReplyVariants {
  /** The variant for this user (sticky), or undefined when the bot has none. */
  choose(bot: BotRecord, userId: string): Promise<ChosenVariant | undefined>
  /** Records how a variant's reply went. */
  replied(reply: { appId: string; conversationId: string; seq: number; botId: string; userId: string; variantId: string; handoff: boolean; usage?: TokenUsage; latencyMs: number }): Promise<void>
}

/** One variant's outcomes over a period. */
export interface VariantOutcome {
  variantId: string
  weight: number
  overrides: BotVariant['overrides']
  replies: number
  users: number
  handoffRate: number | null
  thumbsUp: number
  thumbsDown: number
  /** 👎 over rated replies. */
  downRate: number | null
  csatAverage: number | null
  csatCount: number
  inputTokens: number
  outputTokens: number
  latencyP50Ms: number
}

/**
 * A/B variants of a bot: weights, a sticky assignment per user (a hash of bot and user, the same
 * on every node), the variant applied to the reply and recorded on it (`ext.variant`), and the
 * outcomes per variant with a plain significance note.
 */
export class VariantService implements ReplyVariants {
  readonly #cache = new Map<string, { at: number; variants: Promise<BotVariant[]> }>()

  constructor(private readonly deps: { store: EvaluationStore; storage: Storage; bot(appId: string, botId: string): Promise<BotRecord | undefined>; requireKnowledgeBase(appId: string, knowledgeBaseId: string): Promise<unknown>; now(): number }) {}

  /** Sets a bot's variants (an empty list ends the test). */
  async put(appId: string, botId: string, variants: BotVariant[]): Promise<{ botId: string; variants: BotVariant[] }> {
    if (!(await this.deps.bot(appId, botId))) throw new WarblerError('not_found', `No bot ${botId}.`)
    if (new Set(variants.map((variant) => variant.id)).size !== variants.length) throw new WarblerError('validation_failed', 'Variant ids must differ.')
    if (variants.length > 0 && !variants.some((variant) => variant.weight > 0)) throw new WarblerError('validation_failed', 'At least one variant needs a weight above 0.')
    for (const variant of variants) for (const knowledgeBaseId of variant.overrides.knowledgeBaseIds ?? []) await this.deps.requireKnowledgeBase(appId, knowledgeBaseId)
    await this.deps.store.putVariants({ appId, botId, variants, updatedAt: this.deps.now() })
    this.#cache.delete(`${appId}\n${botId}`)
    return { botId, variants }
  }

  /** A bot's variants. */
  async get(appId: string, botId: string): Promise<{ botId: string; variants: BotVariant[] }> {
    if (!(await this.deps.bot(appId, botId))) throw new WarblerError('not_found', `No bot ${botId}.`)
    return { botId, variants: (await this.deps.store.getVariants(appId, botId))?.variants ?? [] }
  }

  async choose(bot: BotRecord, userId: string): Promise<ChosenVariant | undefined> {
    const variants = await this.#variantsOf(bot.appId, bot.id)
    if (variants.length === 0) return undefined
    const variantId = assignVariant(bot.id, userId, variants)
    const variant = variants.find((candidate) => candidate.id === variantId)
    if (!variant) return undefined
    return { bot: applyOverrides(bot, variant.overrides), variantId: variant.id, ext: { variant: variant.id } }
  }

  async replied(reply: Parameters<ReplyVariants['replied']>[0]): Promise<void> {
    await this.deps.store.recordVariantReply({
      appId: reply.appId, conversationId: reply.conversationId, seq: reply.seq, botId: reply.botId, variantId: reply.variantId, userId: reply.userId,
      handoff: reply.handoff, inputTokens: reply.usage?.inputTokens ?? 0, outputTokens: reply.usage?.outputTokens ?? 0, latencyMs: reply.latencyMs, createdAt: this.deps.now(),
    })
  }

  /** Outcomes per variant over the last `days`, and how the first two compare on 👎 and hand-offs. */
  async outcomes(appId: string, botId: string, days = 30): Promise<{ botId: string; since: number; variants: VariantOutcome[]; comparison?: { downRate: ProportionComparison; handoffRate: ProportionComparison } }> {
    const { variants } = await this.get(appId, botId)
    const since = this.deps.now() - days * DAY_MS
    const replies = await this.deps.store.variantReplies(appId, botId, since)
    const ratings = currentRatings(await this.deps.store.listFeedback(appId, { since, botId, limit: 10_000 }))
    const csat = await this.deps.storage.support.listCsat(appId, { from: since, to: this.deps.now() })
    const variantOfReply = new Map(replies.map((reply) => [`${reply.conversationId}\n${reply.seq}`, reply.variantId]))
    // A conversation's rating goes to the variant that answered in it last.
    const variantOfConversation = new Map(replies.map((reply) => [reply.conversationId, reply.variantId]))
    const ids = [...new Set([...variants.map((variant) => variant.id), ...replies.map((reply) => reply.variantId)])]
    const outcomes = ids.map((variantId): VariantOutcome => {
      const mine = replies.filter((reply) => reply.variantId === variantId)
      const rated = ratings.filter((rating) => (rating.variantId ?? variantOfReply.get(`${rating.conversationId}\n${rating.seq}`)) === variantId)
      const up = rated.filter((rating) => rating.rating === 'up').length
      const down = rated.length - up
      const scores = csat.filter((entry) => variantOfConversation.get(entry.conversationId) === variantId).map((entry) => entry.rating)
      const configured = variants.find((variant) => variant.id === variantId)
      return {
        variantId, weight: configured?.weight ?? 0, overrides: configured?.overrides ?? {}, replies: mine.length, users: new Set(mine.map((reply) => reply.userId)).size,
        handoffRate: mine.length === 0 ? null : mine.filter((reply) => reply.handoff).length / mine.length,
        thumbsUp: up, thumbsDown: down, downRate: rated.length === 0 ? null : down / rated.length,
        csatAverage: scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length, csatCount: scores.length,
        inputTokens: mine.reduce((sum, reply) => sum + reply.inputTokens, 0), outputTokens: mine.reduce((sum, reply) => sum + reply.outputTokens, 0),
        latencyP50Ms: nearestRankPercentile(mine.map((reply) => reply.latencyMs), 50),
      }
    })
    const [a, b] = outcomes
    const comparison = a && b
      ? {
          downRate: compareProportions(a.thumbsDown, a.thumbsUp + a.thumbsDown, b.thumbsDown, b.thumbsUp + b.thumbsDown),
          handoffRate: compareProportions(Math.round((a.handoffRate ?? 0) * a.replies), a.replies, Math.round((b.handoffRate ?? 0) * b.replies), b.replies),
        }
      : undefined
    return { botId, since, variants: outcomes, ...(comparison ? { comparison } : {}) }
  }

  async #variantsOf(appId: string, botId: string): Promise<BotVariant[]> {
    const key = `${appId}\n${botId}`
    const cached = this.#cache.get(key)
    if (cached && this.deps.now() - cached.at < CACHE_MS) return cached.variants
    const variants = this.deps.store.getVariants(appId, botId).then((record) => record?.variants ?? [])
    variants.catch(() => this.#cache.delete(key))
    this.#cache.set(key, { at: this.deps.now(), variants })
    if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value!)
    return variants
  }
}
