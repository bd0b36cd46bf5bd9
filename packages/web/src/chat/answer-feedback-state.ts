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
 * Whether a message is a bot's message that 👍/👎 rate: a finished text message of a user the people
 * directory lists as a bot (`isBot`), its welcome greeting included — the server accepts a rating
 * of any bot's message. Recalled messages, files and notices are not rated.
 */
export function isBotAnswer(message: Message, isBot: (userId: string) => boolean): boolean {
  if (message.kind !== 'message' || message.body?.type !== 'text' || message.recalledAt || message.status !== 'final') return false
  return isBot(message.senderId)
}

/** A rating as the server answers it (`client.myFeedback`). */
export interface RatingRecord {
  conversationId: string
  seq: number
  rating: 'up' | 'down'
  reason?: FeedbackReason
}

/** The given state, by `conversationId:seq`, of the server's current ratings. */
export function givenFromRatings(items: readonly RatingRecord[]): Record<string, GivenFeedback> {
  return Object.fromEntries(items.map((item) => [`${item.conversationId}:${item.seq}`, { rating: item.rating, ...(item.reason ? { reason: item.reason } : {}) }]))
}

const KEY = 'warbler.chat.feedback'

/**
 * The ratings this user gave, as this device last knew them, by `conversationId:seq`: the cache
 * shown at once (and after a rating, before the server is asked again). The server's answer
 * (`client.myFeedback`) replaces it when a conversation opens, so other devices' ratings show too.
 */
export function loadGivenFeedback(userId: string): Record<string, GivenFeedback> {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Record<string, GivenFeedback>>
    return all[userId] ?? {}
  } catch {
    return {}
  }
}

/** Remembers ratings (one the server accepted, or the server's answer), by `conversationId:seq`. */
export function saveGivenFeedback(userId: string, given: Record<string, GivenFeedback>): void {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Record<string, GivenFeedback>>
    all[userId] = { ...all[userId], ...given }
    localStorage.setItem(KEY, JSON.stringify(all))
  } catch {
    // Storage full or off: the rating was still sent.
  }
}
