import type { Message } from '@warbler/sdk'

/** Why an answer was rated 👎 (the server's reasons). */
export const FEEDBACK_REASONS = ['incorrect', 'incomplete', 'outdated', 'irrelevant', 'other'] as const
/** Why an answer was rated 👎. */
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number]

/** A rating the user gave an answer, as this device remembers it. */
export interface GivenFeedback {
  rating: 'up' | 'down'
  reason?: FeedbackReason
}

/**
 * Whether a message is a bot's answer (what 👍/👎 rate): the server gives every bot reply the
 * client id `bot-reply:<conversation>:<question seq>` (bots/bot-reply.ts), and answers with
 * sources carry `ext.citations`.
 */
export function isBotAnswer(message: Message): boolean {
  if (message.kind !== 'message' || message.body?.type !== 'text' || message.recalledAt) return false
  return (message.clientMsgId?.startsWith('bot-reply:') ?? false) || Array.isArray(message.ext?.citations)
}

const KEY = 'warbler.chat.feedback'

/**
 * The ratings this user gave on this device, by `conversationId:seq`. The server keeps every rating
 * (a change is a new record); a chat user cannot read them back, so the device remembers what it sent.
 */
export function loadGivenFeedback(userId: string): Record<string, GivenFeedback> {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Record<string, GivenFeedback>>
    return all[userId] ?? {}
  } catch {
    return {}
  }
}

/** Remembers a rating the server accepted. */
export function saveGivenFeedback(userId: string, conversationId: string, seq: number, given: GivenFeedback): void {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Record<string, GivenFeedback>>
    all[userId] = { ...all[userId], [`${conversationId}:${seq}`]: given }
    localStorage.setItem(KEY, JSON.stringify(all))
  } catch {
    // Storage full or off: the rating was still sent.
  }
}
