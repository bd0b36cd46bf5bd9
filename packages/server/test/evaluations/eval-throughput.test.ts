import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEvaluationFixture, waitForRun, type EvaluationFixture } from './evaluation-fixture.js'

/**
 * Run throughput with the fake provider (the model answers at once): what the job machinery,
 * retrieval and scoring cost per answer. Printed for the closing note; the floor catches a
 * regression that serialises the work.
 */
describe('eval run throughput (fake provider)', () => {
  let fixture: EvaluationFixture
  beforeAll(async () => {
    fixture = await startEvaluationFixture()
    await fixture.rest('POST', '/bots', { id: 'offline', name: 'Offline', knowledgeBaseIds: [fixture.kbId] })
    await fixture.rest('POST', '/bots', { id: 'modelled', name: 'Modelled', knowledgeBaseIds: [fixture.kbId], provider: { baseUrl: fixture.provider.baseURL, model: 'fake-small' } })
  })
  afterAll(() => fixture.close())

  it('answers 200 items × 2 candidates at several items per second', async () => {
    const questions = ['How much is the Pro plan?', 'What are your opening hours?', 'How much is the Team plan for ten seats?', 'Can I pay with bitcoin?']
    const items = Array.from({ length: 200 }, (_, index) => ({ question: `${questions[index % questions.length]} (${index})`, expected: ['99'] }))
    const set = await fixture.rest('POST', '/eval-sets', { name: 'Throughput', items })
    const figures: string[] = []
    for (const concurrency of [1, 4, 8]) {
      await fixture.rest('PUT', '/eval-settings', { prices: {}, concurrency })
      const started = performance.now()
      const created = await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'offline' }, { botId: 'modelled' }] })
      const run = await waitForRun(fixture, created.body.id, undefined, 120_000, 1_000)
      const seconds = (performance.now() - started) / 1000
      expect(run.status).toBe('done')
      const perSecond = run.total / seconds
      figures.push(`concurrency ${concurrency}: ${run.total} answers in ${seconds.toFixed(2)} s = ${perSecond.toFixed(1)} answers/s (${(200 / seconds).toFixed(1)} items/s with both candidates)`)
      expect(perSecond).toBeGreaterThan(5)
    }
    console.log(`eval throughput (fake provider)\n  ${figures.join('\n  ')}`)
  }, 300_000)
})
