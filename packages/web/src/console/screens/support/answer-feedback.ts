/** Why an answer was rated (the feedback API's reasons). */
export const FEEDBACK_REASONS = ['incorrect', 'incomplete', 'outdated', 'irrelevant', 'other'] as const

/** A rating of a bot answer as the feedback API lists it (`GET /feedback?conversationId=`). */
export interface AnswerRating {
  id: string
  conversationId: string
  seq: number
  userId: string
  rating: 'up' | 'down'
  reason?: (typeof FEEDBACK_REASONS)[number]
  comment?: string
  createdAt: number
}

/** The ratings of one answer: each rater's current one (newest first) and the ones they replaced. */
export interface AnswerFeedback {
  current: AnswerRating[]
  earlier: AnswerRating[]
}

/**
 * Groups a conversation's ratings by answer (`seq`): a rater's newest rating is their current
 * one, older ones are history (a change of mind is a new rating; nothing is overwritten).
 */
export function feedbackBySeq(ratings: readonly AnswerRating[]): Map<number, AnswerFeedback> {
  const bySeq = new Map<number, AnswerFeedback>()
  const newestFirst = [...ratings].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
  for (const rating of newestFirst) {
    const entry = bySeq.get(rating.seq) ?? { current: [], earlier: [] }
    if (entry.current.some((other) => other.userId === rating.userId)) entry.earlier.push(rating)
    else entry.current.push(rating)
    bySeq.set(rating.seq, entry)
  }
  return bySeq
}
