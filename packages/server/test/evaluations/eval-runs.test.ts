import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { modelReply, startEvaluationFixture, waitForRun, type EvaluationFixture } from './evaluation-fixture.js'

const ITEMS = (documentId: string) => [
  { question: 'How much is the Pro plan?', expected: ['¥99', 'RMB 99'], expectedDocumentIds: [documentId] },
  { question: 'What are your opening hours?', expected: ['9:00'], expectedDocumentIds: [documentId] },
  { question: 'Can I pay with bitcoin?' },
]

describe('eval runs: an offline bot and a model-backed bot side by side', () => {
  let fixture: EvaluationFixture
  beforeAll(async () => {
    fixture = await startEvaluationFixture()
    await fixture.rest('POST', '/bots', { id: 'offline', name: 'Offline', knowledgeBaseIds: [fixture.kbId] })
    await fixture.rest('POST', '/bots', { id: 'modelled', name: 'Modelled', knowledgeBaseIds: [fixture.kbId], provider: { baseUrl: fixture.provider.baseURL, model: 'fake-small' } })
  })
  afterAll(() => fixture.close())

  it('tells them apart on match rate, tokens and cost, with latency figures and every answer per item', async () => {
    await fixture.rest('PUT', '/eval-settings', { prices: { 'fake-small': { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' } } })
    const set = await fixture.rest('POST', '/eval-sets', { name: 'Pricing questions', items: ITEMS(fixture.documentId) })
    expect(set.status).toBe(201)
    expect(set.body).toMatchObject({ version: 1, itemCount: 3, origin: 'rest' })
    const created = await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'offline' }, { botId: 'modelled' }] })
    expect(created).toMatchObject({ status: 201, body: { status: 'queued' } })
    const run = await waitForRun(fixture, created.body.id)
    expect(run).toMatchObject({ status: 'done', progress: 1, completed: 6, total: 6, version: 1 })
    const [offline, modelled] = run.candidates
    // The extractive bot quotes "99 yuan", not "¥99"; the model says "¥99": one of two expectations against both.
    expect(offline).toMatchObject({ botId: 'offline', model: null, answerMatch: 0.5, citationHit: 1, inputTokens: 0, outputTokens: 0, estimatedCost: null })
    expect(modelled).toMatchObject({ botId: 'modelled', model: 'fake-small', answerMatch: 1, citationHit: 1, currency: 'CNY' })
    expect(offline.handoffRate).toBeCloseTo(1 / 3)
    expect(modelled.handoffRate).toBeCloseTo(1 / 3)
    expect(modelled.inputTokens).toBeGreaterThan(50)
    expect(modelled.outputTokens).toBeGreaterThan(5)
    expect(modelled.estimatedCost).toBeCloseTo((modelled.inputTokens * 2 + modelled.outputTokens * 8) / 1e6)
    for (const candidate of run.candidates) {
      expect(candidate.latencyP50Ms).toBeGreaterThanOrEqual(0)
      expect(candidate.latencyP95Ms).toBeGreaterThanOrEqual(candidate.latencyP50Ms)
    }
    expect(modelled.latencyP95Ms).toBeGreaterThan(0)
    expect(run.items[0].answers[0]).toMatchObject({ answerMatch: false, citedDocumentIds: [fixture.documentId] })
    expect(run.items[0].answers[0].answer).toContain('99 yuan')
    expect(run.items[0].answers[1]).toMatchObject({ answer: 'The Pro plan is ¥99 a month [1].', answerMatch: true, citationHit: true })
    expect(run.items[2].answers.map((answer: any) => answer.handoff)).toEqual([true, true])
    const listed = await fixture.rest('GET', '/eval-runs')
    expect(listed.body.runs.map((entry: any) => entry.id)).toContain(run.id)
    expect(listed.body.runs[0].items).toBeUndefined()
  })

  it('grades with an LLM judge next to the string match, and pins the set version a run was made on', async () => {
    const set = await fixture.rest('POST', '/eval-sets', { name: 'One', items: [{ question: 'How much is the Pro plan?', expected: ['¥99'] }] })
    const next = await fixture.rest('POST', `/eval-sets/${set.body.id}/versions`, { csv: 'question,expected\nWhat are your opening hours?,9:00\nHow much is the Pro plan?,¥99\n' })
    expect(next.body).toMatchObject({ version: 2, itemCount: 2, origin: 'csv' })
    const pinned = await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, version: 1, candidates: [{ botId: 'offline' }], judge: { botId: 'modelled' } })
    const run = await waitForRun(fixture, pinned.body.id)
    expect(run).toMatchObject({ version: 1, total: 1, status: 'done' })
    expect(run.candidates[0].judgeScore).toBeCloseTo(0.2) // the offline answer lacks "¥99": the judge says so
    expect((await fixture.rest('GET', `/eval-sets/${set.body.id}?version=1`)).body.items).toHaveLength(1)
  })

  it('refuses what it cannot run, in words: unknown set or bot, an offline judge, too many runs at once', async () => {
    expect(await fixture.rest('POST', '/eval-runs', { evalSetId: 'nope', candidates: [{ botId: 'offline' }] })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    const set = await fixture.rest('POST', '/eval-sets', { name: 'x', items: [{ question: 'q' }] })
    expect(await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'ghost' }] })).toMatchObject({ status: 404 })
    const elsewhere = await fixture.server.createApp('Elsewhere')
    const foreignKb = await fixture.server.rest('POST', `/api/v1/apps/${elsewhere.id}/knowledge-bases`, { secret: elsewhere.secret, body: { name: 'Not yours' } })
    expect(await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'offline', overrides: { knowledgeBaseIds: [foreignKb.body.id] } }] })).toMatchObject({ status: 404 })
    expect((await fixture.rest('PUT', '/bots/offline/variants', { variants: [{ id: 'a', weight: 1, overrides: { knowledgeBaseIds: [foreignKb.body.id] } }] })).status).toBe(404)
    expect((await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'offline' }], judge: { botId: 'offline' } })).body.error.message).toMatch(/judge must be a bot with a model/)
    expect((await fixture.rest('POST', '/eval-sets', { name: 'x', items: [] })).body.error.code).toBe('validation_failed')
    await fixture.rest('PUT', '/eval-settings', { prices: {}, maxActiveRuns: 1 })
    fixture.provider.script([{ reply: 'slow', delayMs: 400, times: 10 }])
    const first = await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'modelled' }] })
    const second = await fixture.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'modelled' }] })
    expect(second).toMatchObject({ status: 429, body: { error: { code: 'quota_exceeded' } } })
    const cancelled = await fixture.rest('POST', `/eval-runs/${first.body.id}/cancel`)
    expect(['cancelled', 'running']).toContain(cancelled.body.status)
    expect((await waitForRun(fixture, first.body.id)).status).toBe('cancelled')
    await fixture.rest('PUT', '/eval-settings', { prices: {} })
    fixture.provider.reset()
  })

  it('keeps apps apart', async () => {
    const other = await fixture.server.createApp('Other')
    const runs = await fixture.server.rest('GET', `/api/v1/apps/${other.id}/eval-runs`, { secret: other.secret })
    expect(runs.body.runs).toEqual([])
    const sets = await fixture.rest('GET', '/eval-sets')
    const peek = await fixture.server.rest('GET', `/api/v1/apps/${other.id}/eval-sets/${sets.body.evalSets[0].id}`, { secret: other.secret })
    expect(peek.status).toBe(404)
    expect((await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/eval-sets`, { secret: other.secret })).status).toBe(401)
  })
})

describe('eval runs are jobs that survive a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-eval-restart-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('resumes a run stopped mid-way where it stopped, without asking the model again for answers it has', async () => {
    const provider = await startFakeOpenAIServer({ models: ['fake-small'], defaultReply: modelReply })
    try {
      const first = await startEvaluationFixture({ dataDir, provider })
      await first.rest('POST', '/bots', { id: 'modelled', name: 'Modelled', knowledgeBaseIds: [first.kbId], provider: { baseUrl: provider.baseURL, model: 'fake-small' } })
      await first.rest('PUT', '/eval-settings', { prices: {}, concurrency: 1 })
      const items = Array.from({ length: 8 }, (_, index) => ({ question: `How much is the Pro plan, case ${index + 1}?`, expected: ['¥99'] }))
      const set = await first.rest('POST', '/eval-sets', { name: 'Slow', items })
      provider.script([{ delayMs: 150, times: Infinity }])
      const created = await first.rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'modelled' }] })
      const partway = await waitForRun(first, created.body.id, (run) => run.completed >= 2)
      expect(partway.status).toBe('running')
      await first.server.close()
      const asked = provider.requests.filter((request) => request.path.includes('chat')).length

      const second = await startEvaluationFixture({ dataDir, provider })
      try {
        const app = { rest: (method: string, path: string, body?: unknown) => second.server.rest(method, `/api/v1/apps/${first.app.id}${path}`, { secret: first.app.secret, ...(body === undefined ? {} : { body }) }) }
        const done = await waitForRun(app, created.body.id)
        expect(done).toMatchObject({ status: 'done', completed: 8, total: 8 })
        expect(done.candidates[0].answerMatch).toBe(1)
        expect(done.items.every((item: any) => item.answers[0] !== null)).toBe(true)
        const askedInAll = provider.requests.filter((request) => request.path.includes('chat')).length
        // 8 answers; at most the one in flight when the first server stopped is asked twice.
        expect(askedInAll).toBeLessThanOrEqual(9)
        expect(askedInAll - asked).toBeLessThanOrEqual(8 - partway.completed)
      } finally {
        await second.close()
      }
    } finally {
      await provider.close()
    }
  })
})
