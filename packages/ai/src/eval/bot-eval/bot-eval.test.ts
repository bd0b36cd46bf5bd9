import { describe, expect, it } from 'vitest'
import { answerMatches, assignVariant, candidateMetrics, citationHits, compareProportions, groupQuestions, parseJudgeGrade, regressions, type ScoredAnswer } from './index.js'

const answer = (extra: Partial<ScoredAnswer> = {}): ScoredAnswer => ({
  answerMatch: true, citationHit: null, handoff: false, latencyMs: 10, inputTokens: 100, outputTokens: 10, judgeScore: null, error: null, ...extra,
})

describe('answer scoring', () => {
  it('matches any expected string across width, case, spaces and punctuation, in English and Chinese', () => {
    expect(answerMatches('The Pro plan costs ¥99 a month [1].', ['¥ 99', '99 yuan'])).toBe(true)
    expect(answerMatches('专业版每月 ９９ 元。', ['99元'])).toBe(true)
    expect(answerMatches('It is free.', ['¥99'])).toBe(false)
    expect(answerMatches('anything', [])).toBe(false)
    expect(answerMatches('anything', ['  ,. '])).toBe(false)
  })

  it('counts a citation hit only when an expected document is cited, and not at all when none is expected', () => {
    expect(citationHits(['doc_1', 'doc_2'], ['doc_2'])).toBe(true)
    expect(citationHits(['doc_1'], ['doc_9'])).toBe(false)
    expect(citationHits(['doc_1'], undefined)).toBeNull()
  })
})

describe('candidate metrics and regressions', () => {
  it('rates over the items that count, with latency percentiles, tokens and the cost at the model’s price', () => {
    const answers = [
      answer({ latencyMs: 10, citationHit: true }),
      answer({ latencyMs: 20, answerMatch: false, citationHit: false, handoff: true }),
      answer({ latencyMs: 30, answerMatch: null }),
      answer({ latencyMs: 0, error: 'timeout', inputTokens: 0, outputTokens: 0 }),
    ]
    const metrics = candidateMetrics(answers, { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' })
    expect(metrics).toMatchObject({ answered: 3, handoffRate: 0.25, citationHit: 0.5, latencyP50Ms: 20, latencyP95Ms: 30, inputTokens: 300, outputTokens: 30, currency: 'CNY', errors: 1 })
    expect(metrics.answerMatch).toBeCloseTo(1 / 3) // the failed answer counts as a miss
    expect(metrics.estimatedCost).toBeCloseTo((300 * 2 + 30 * 8) / 1e6)
    expect(candidateMetrics(answers).estimatedCost).toBeNull()
  })

  it('flags a drop beyond the allowed one and a rise of hand-offs, not a change within it', () => {
    const base = candidateMetrics([answer(), answer(), answer(), answer({ answerMatch: false })])
    const same = candidateMetrics([answer(), answer(), answer({ answerMatch: false }), answer()])
    expect(regressions(base, same, 0.02)).toEqual([])
    const worse = candidateMetrics([answer(), answer({ answerMatch: false, handoff: true }), answer({ answerMatch: false }), answer({ answerMatch: false })])
    expect(regressions(base, worse, 0.02).map((found) => found.metric)).toEqual(['answerMatch', 'handoffRate'])
    expect(regressions(base, worse, 0.6)).toEqual([])
  })
})

describe('knowledge gaps: lexical grouping on a fixed set', () => {
  it('groups questions that ask the same thing, largest group first, with a representative and shared terms', () => {
    const questions = [
      'How do I get a refund for my order?',
      '怎么申请退款？',
      'Can I get a refund on my order?',
      'Do you ship to Canada?',
      '申请退款要多久？',
      'refund for order please',
      'Shipping to Canada possible?',
      'What is your phone number?',
      'Can I pay with bitcoin?',
      'Do you accept bitcoin payments?',
    ].map((question, index) => ({ question, value: index }))
    const groups = groupQuestions(questions)
    expect(groups.map((group) => group.members.map((member) => member.value))).toEqual([[0, 2, 5], [1, 4], [3, 6], [8, 9], [7]])
    expect(groups[0]!.terms).toEqual(expect.arrayContaining(['refund', 'order']))
    expect(groups[0]!.representative).toBe('How do I get a refund for my order?')
    expect(groups[1]!.terms).toContain('退款')
  })
})

describe('A/B assignment', () => {
  it('is sticky per user and roughly proportional to the weights over 1,000 users', () => {
    const variants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }]
    const counts = { a: 0, b: 0 } as Record<string, number>
    for (let user = 0; user < 1000; user++) {
      const first = assignVariant('helper', `user-${user}`, variants)!
      expect(assignVariant('helper', `user-${user}`, variants)).toBe(first)
      counts[first]!++
    }
    expect(counts.a).toBeGreaterThan(200)
    expect(counts.a).toBeLessThan(300)
    expect(counts.a! + counts.b!).toBe(1000)
    expect(assignVariant('helper', 'alice', [{ id: 'a', weight: 0 }])).toBeUndefined()
    expect(assignVariant('helper', 'alice', [{ id: 'a', weight: 0 }, { id: 'b', weight: 2 }])).toBe('b')
  })

  it('gives a plain significance note', () => {
    expect(compareProportions(5, 10, 1, 10).note).toMatch(/Too few/)
    expect(compareProportions(60, 100, 30, 100)).toMatchObject({ note: expect.stringMatching(/significant \(p = 0\.000\)/) })
    expect(compareProportions(50, 100, 48, 100).note).toMatch(/No significant difference/)
    expect(compareProportions(0, 0, 1, 10).pValue).toBeNull()
  })

  it('words the same note in Chinese, with the verdict as a code', () => {
    expect(compareProportions(5, 10, 1, 10)).toMatchObject({ verdict: 'too_few', noteZh: expect.stringMatching(/样本太少.*10 和 10/) })
    expect(compareProportions(60, 100, 30, 100)).toMatchObject({ verdict: 'significant', noteZh: '差异显著（p = 0.000）。' })
    expect(compareProportions(50, 100, 48, 100)).toMatchObject({ verdict: 'not_significant', noteZh: expect.stringMatching(/^暂无显著差异/) })
    expect(compareProportions(0, 0, 1, 10)).toMatchObject({ verdict: 'no_data', noteZh: '数据还不够。' })
  })
})

describe('LLM judge', () => {
  it('reads the grade as 0..1', () => {
    expect(parseJudgeGrade('GRADE: 7\nMostly right.')).toBe(0.7)
    expect(parseJudgeGrade('评分：10')).toBeUndefined()
    expect(parseJudgeGrade('grade：10')).toBe(1)
    expect(parseJudgeGrade('12 — great')).toBe(1)
    expect(parseJudgeGrade('no idea')).toBeUndefined()
  })
})
