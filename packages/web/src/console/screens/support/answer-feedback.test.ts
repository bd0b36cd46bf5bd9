import { describe, expect, it } from 'vitest'
import { feedbackBySeq, type AnswerRating } from './answer-feedback.js'

const rating = (id: string, seq: number, userId: string, value: 'up' | 'down', createdAt: number): AnswerRating => ({ id, conversationId: 'c', seq, userId, rating: value, createdAt })

describe('feedbackBySeq', () => {
  it("keeps each rater's newest rating as current and the rest as history, per answer", () => {
    const grouped = feedbackBySeq([rating('f1', 4, 'alice', 'up', 1), rating('f2', 4, 'alice', 'down', 2), rating('f3', 4, 'lin', 'up', 3), rating('f4', 7, 'alice', 'down', 4)])
    expect(grouped.get(4)!.current.map((item) => item.id)).toEqual(['f3', 'f2'])
    expect(grouped.get(4)!.earlier.map((item) => item.id)).toEqual(['f1'])
    expect(grouped.get(7)!.current.map((item) => item.id)).toEqual(['f4'])
    expect(grouped.has(5)).toBe(false)
  })
})
