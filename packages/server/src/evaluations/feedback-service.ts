import { WarblerError } from '@warbler/protocol'
import type { z } from 'zod'
import { newId } from '../domain/ids.js'
import type { EvaluationStore, FeedbackRecord } from '../storage/evaluation-store.js'
import type { Storage } from '../storage/storage.js'
import type { Feedback, FeedbackRequest } from './evaluation-schemas.js'
import { questionOf, textOf } from './message-context.js'

/** What {@link FeedbackService} needs. */
export interface FeedbackDependencies {
  storage: Storage
  store: EvaluationStore
  /** Whether a user id is one of the app's bots. */
  isBot(appId: string, userId: string): Promise<boolean>
  /** Emits a webhook event (`bot.feedback`). */
  emit(appId: string, type: 'bot.feedback', data: unknown): Promise<unknown>
  now(): number
}

/** A feedback record as the API shows it. */
export function toFeedbackView(record: FeedbackRecord): z.infer<typeof Feedback> {
  return {
    id: record.id, conversationId: record.conversationId, seq: record.seq, userId: record.userId, rating: record.rating,
    ...(record.reason ? { reason: record.reason } : {}), ...(record.comment ? { comment: record.comment } : {}),
    ...(record.botId ? { botId: record.botId } : {}), ...(record.variantId ? { variantId: record.variantId } : {}), createdAt: record.createdAt,
  }
}

/**
 * 👍/👎 on bot answers, from the conversation's members (end users) and the app's agents. Every
 * rating is kept: a change of mind is a new record, the newest per user is the current one. The
 * question, the answer as rated and the A/B variant are stored with it, for eval sets and gaps.
 */
export class FeedbackService {
  constructor(private readonly deps: FeedbackDependencies) {}

  /** Records a rating of the bot message `seq`; refuses messages that are not a bot's answer. */
  async rate(appId: string, conversationId: string, seq: number, userId: string, input: z.infer<typeof FeedbackRequest>): Promise<z.infer<typeof Feedback>> {
    const { storage } = this.deps
    const conversation = await storage.conversations.get(appId, conversationId)
    if (!conversation) throw new WarblerError('conversation_not_found', `Conversation ${conversationId} does not exist.`)
    if (!(await storage.users.get(appId, userId))) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    const member = (await storage.conversations.memberIds(appId, conversationId)).includes(userId)
    if (!member && !(await storage.support.getAgent(appId, userId))) throw new WarblerError('forbidden', 'Only members of the conversation and agents can rate its answers.')
    const message = await storage.events.get(appId, conversationId, seq)
    if (!message || message.kind !== 'message' || message.recalledAt !== undefined) throw new WarblerError('not_found', `No message ${seq} in this conversation.`)
    if (!(await this.deps.isBot(appId, message.senderId))) throw new WarblerError('validation_failed', 'Only answers of bots can be rated.')
    if (message.status === 'streaming') throw new WarblerError('conflict', 'The answer is still being written; rate it when it is done.')
    const question = await questionOf(storage, appId, message)
    const variant = typeof message.ext?.variant === 'string' ? message.ext.variant : null
    const record: FeedbackRecord = {
      appId, id: newId('fb'), conversationId, seq, userId, rating: input.rating, reason: input.reason ?? null, comment: input.comment || null,
      botId: message.senderId, question: question ? textOf(question) : null, answer: textOf(message) || null, variantId: variant, createdAt: this.deps.now(),
    }
    await this.deps.store.addFeedback(record)
    const view = toFeedbackView(record)
    void this.deps.emit(appId, 'bot.feedback', view)
    return view
  }

  /** Every rating of a message, oldest first (the history). */
  async history(appId: string, conversationId: string, seq: number): Promise<z.infer<typeof Feedback>[]> {
    return (await this.deps.store.feedbackOf(appId, conversationId, seq)).map(toFeedbackView)
  }
}
