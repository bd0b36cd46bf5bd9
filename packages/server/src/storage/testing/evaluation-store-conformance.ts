import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EvalResultRecord, EvalRunRecord, EvaluationStore, FeedbackRecord } from '../evaluation-store.js'
import type { Storage } from '../storage.js'

const now = 1_700_000_000_000

const feedback = (id: string, extra: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
  appId: 'app_a', id, conversationId: 'c1', seq: 2, userId: 'alice', rating: 'down', reason: 'incorrect', comment: '价格不对', botId: 'helper',
  question: 'How much is the Pro plan?', answer: 'It is free.', variantId: null, createdAt: now, ...extra,
})

const run = (id: string, extra: Partial<EvalRunRecord> = {}): EvalRunRecord => ({
  appId: 'app_a', id, setId: 'es_1', setVersion: 1, candidates: [{ botId: 'helper' }, { botId: 'helper', overrides: { model: 'big', knowledgeBaseIds: ['kb_1'] } }],
  judge: null, status: 'queued', total: 4, completed: 0, error: null, cancelRequested: false, leaseOwner: null, heartbeatAt: null,
  createdAt: now, updatedAt: now, startedAt: null, finishedAt: null, ...extra,
})

const result = (candidateIndex: number, itemIndex: number, extra: Partial<EvalResultRecord> = {}): EvalResultRecord => ({
  appId: 'app_a', runId: 'er_1', candidateIndex, itemIndex, answer: `answer ${candidateIndex}.${itemIndex}`, citedDocumentIds: ['doc_1'], handoff: false,
  latencyMs: 12, inputTokens: 100, outputTokens: 20, answerMatch: true, citationHit: null, judgeScore: null, error: null, createdAt: now, ...extra,
})

/**
 * Conformance suite of {@link Storage.evaluations}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeEvaluationStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeEvaluationStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`EvaluationStore conformance: ${name}`, () => {
    let storage: Storage
    let store: EvaluationStore

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      store = storage.evaluations!
    })
    afterEach(async () => {
      await storage.close()
    })

    it('keeps every rating of a message (history), lists them newest first and filters by rating, bot and time, per app', async () => {
      await store.addFeedback(feedback('fb_1'))
      await store.addFeedback(feedback('fb_2', { rating: 'up', reason: null, comment: null, createdAt: now + 5 }))
      await store.addFeedback(feedback('fb_3', { seq: 4, createdAt: now + 9, variantId: 'b' }))
      await store.addFeedback(feedback('fb_4', { appId: 'app_b' }))
      expect(await store.feedbackOf('app_a', 'c1', 2)).toEqual([feedback('fb_1'), feedback('fb_2', { rating: 'up', reason: null, comment: null, createdAt: now + 5 })])
      expect((await store.listFeedback('app_a')).map((item) => item.id)).toEqual(['fb_3', 'fb_2', 'fb_1'])
      expect((await store.listFeedback('app_a', { rating: 'down' })).map((item) => item.id)).toEqual(['fb_3', 'fb_1'])
      expect((await store.listFeedback('app_a', { since: now + 1, botId: 'helper' })).map((item) => item.id)).toEqual(['fb_3', 'fb_2'])
      expect((await store.listFeedback('app_a', { botId: 'other' }))).toEqual([])
      expect((await store.listFeedback('app_b')).map((item) => item.id)).toEqual(['fb_4'])
    })

    it("reads one user's current ratings in a conversation: the newest per message, by seq, paged, never another user's", async () => {
      await store.addFeedback(feedback('fb_1', { seq: 2, createdAt: now }))
      await store.addFeedback(feedback('fb_2', { seq: 2, rating: 'up', reason: null, comment: null, createdAt: now + 5 }))
      await store.addFeedback(feedback('fb_3', { seq: 7, createdAt: now + 1 }))
      await store.addFeedback(feedback('fb_4', { seq: 5, createdAt: now + 2 }))
      // Two ratings in the same millisecond: the greater id is the later one.
      await store.addFeedback(feedback('fb_5', { seq: 9, rating: 'up', createdAt: now + 3 }))
      await store.addFeedback(feedback('fb_6', { seq: 9, rating: 'down', createdAt: now + 3 }))
      await store.addFeedback(feedback('fb_7', { seq: 3, userId: 'bob', createdAt: now + 4 }))
      await store.addFeedback(feedback('fb_8', { seq: 4, conversationId: 'c2', createdAt: now + 4 }))
      await store.addFeedback(feedback('fb_9', { seq: 6, appId: 'app_b', createdAt: now + 4 }))
      expect((await store.currentFeedbackOf('app_a', 'c1', 'alice', { limit: 10 })).map((item) => [item.seq, item.id])).toEqual([[2, 'fb_2'], [5, 'fb_4'], [7, 'fb_3'], [9, 'fb_6']])
      expect((await store.currentFeedbackOf('app_a', 'c1', 'alice', { limit: 2 })).map((item) => item.id)).toEqual(['fb_2', 'fb_4'])
      expect((await store.currentFeedbackOf('app_a', 'c1', 'alice', { afterSeq: 5, limit: 2 })).map((item) => item.id)).toEqual(['fb_3', 'fb_6'])
      expect(await store.currentFeedbackOf('app_a', 'c1', 'alice', { afterSeq: 9, limit: 2 })).toEqual([])
      expect((await store.currentFeedbackOf('app_a', 'c1', 'bob', { limit: 10 })).map((item) => item.id)).toEqual(['fb_7'])
      expect(await store.currentFeedbackOf('app_b', 'c1', 'bob', { limit: 10 })).toEqual([])
    })

    it('versions eval sets: a new version leaves the old one readable, ids are unique per app', async () => {
      const set = { appId: 'app_a', id: 'es_1', name: 'Pricing', version: 1, createdAt: now, updatedAt: now }
      await store.createSet(set, [{ question: 'How much?', expected: ['¥99', '99 yuan'], expectedDocumentIds: ['doc_1'] }], 'rest')
      await expect(store.createSet(set, [], 'rest')).rejects.toMatchObject({ code: 'already_exists' })
      await store.createSet({ ...set, appId: 'app_b' }, [], 'csv')
      const next = await store.addSetVersion('app_a', 'es_1', [{ question: '退款要多久?', origin: { kind: 'feedback', conversationId: 'c1', seq: 2, answerGiven: 'x' } }], 'signals', now + 10)
      expect(next).toMatchObject({ id: 'es_1', version: 2, updatedAt: now + 10 })
      expect(await store.addSetVersion('app_a', 'nope', [], 'rest', now)).toBeUndefined()
      expect(await store.getSet('app_a', 'es_1')).toMatchObject({ version: 2, name: 'Pricing' })
      expect((await store.getSetVersion('app_a', 'es_1', 1))?.items).toEqual([{ question: 'How much?', expected: ['¥99', '99 yuan'], expectedDocumentIds: ['doc_1'] }])
      expect(await store.getSetVersion('app_a', 'es_1', 2)).toMatchObject({ origin: 'signals', items: [{ question: '退款要多久?' }] })
      expect((await store.listSets('app_a')).map((item) => item.id)).toEqual(['es_1'])
      expect(await store.getSetVersion('app_b', 'es_1', 2)).toBeUndefined()
    })

    it('claims a queued run once, takes over a run whose heartbeat went stale, and counts active runs', async () => {
      await store.createRun(run('er_1'))
      await store.createRun(run('er_2', { createdAt: now + 1 }))
      expect(await store.activeRunCount('app_a')).toBe(2)
      const first = await store.claimRun('node-a', now + 10, now - 1000)
      expect(first).toMatchObject({ id: 'er_1', status: 'running', leaseOwner: 'node-a', heartbeatAt: now + 10, startedAt: now + 10 })
      const second = await store.claimRun('node-b', now + 10, now - 1000)
      expect(second?.id).toBe('er_2')
      expect(await store.claimRun('node-c', now + 10, now - 1000)).toBeUndefined()
      // node-a stopped: after its heartbeat is stale, another node takes the run over, keeping its start time.
      const taken = await store.claimRun('node-c', now + 100_000, now + 50_000)
      expect(taken).toMatchObject({ id: 'er_1', leaseOwner: 'node-c', startedAt: now + 10 })
      const done = await store.updateRun('app_a', 'er_1', { status: 'done', completed: 4, finishedAt: now + 200_000, leaseOwner: null, cancelRequested: true })
      expect(done).toMatchObject({ status: 'done', completed: 4, finishedAt: now + 200_000, leaseOwner: null, cancelRequested: true, candidates: run('x').candidates })
      expect(await store.activeRunCount('app_a')).toBe(1)
      expect(await store.updateRun('app_b', 'er_1', { status: 'failed' })).toBeUndefined()
      expect((await store.listRuns('app_a')).map((item) => item.id)).toEqual(['er_2', 'er_1'])
      expect(await store.getRun('app_b', 'er_1')).toBeUndefined()
    })

    it('stores one answer per (candidate, item): a resumed run writing it again changes nothing', async () => {
      await store.putResult(result(1, 0, { citationHit: true, judgeScore: 0.5, handoff: true }))
      await store.putResult(result(0, 1, { answerMatch: false, citationHit: false, error: 'timeout', answer: '' }))
      await store.putResult(result(0, 0))
      await store.putResult(result(0, 0, { answer: 'a second try' }))
      const stored = await store.results('app_a', 'er_1')
      expect(stored).toEqual([result(0, 0), result(0, 1, { answerMatch: false, citationHit: false, error: 'timeout', answer: '' }), result(1, 0, { citationHit: true, judgeScore: 0.5, handoff: true })])
      expect(await store.results('app_b', 'er_1')).toEqual([])
    })

    it('sets, replaces and removes a bot’s variants, and records the variant of each reply once', async () => {
      const variants = [{ id: 'a', weight: 1, overrides: {} }, { id: 'b', weight: 3, overrides: { model: 'big' } }]
      await store.putVariants({ appId: 'app_a', botId: 'helper', variants, updatedAt: now })
      expect(await store.getVariants('app_a', 'helper')).toEqual({ appId: 'app_a', botId: 'helper', variants, updatedAt: now })
      await store.putVariants({ appId: 'app_a', botId: 'helper', variants: variants.slice(1), updatedAt: now + 1 })
      expect((await store.getVariants('app_a', 'helper'))?.variants).toEqual(variants.slice(1))
      expect(await store.getVariants('app_b', 'helper')).toBeUndefined()
      await store.putVariants({ appId: 'app_a', botId: 'helper', variants: [], updatedAt: now + 2 })
      expect(await store.getVariants('app_a', 'helper')).toBeUndefined()
      const reply = { appId: 'app_a', conversationId: 'c1', seq: 3, botId: 'helper', variantId: 'b', userId: 'alice', handoff: false, inputTokens: 50, outputTokens: 9, latencyMs: 120, createdAt: now }
      await store.recordVariantReply(reply)
      await store.recordVariantReply({ ...reply, variantId: 'a' })
      await store.recordVariantReply({ ...reply, seq: 5, handoff: true, createdAt: now + 10 })
      expect(await store.variantReplies('app_a', 'helper', now)).toEqual([reply, { ...reply, seq: 5, handoff: true, createdAt: now + 10 }])
      expect(await store.variantReplies('app_a', 'helper', now + 5)).toHaveLength(1)
      expect(await store.variantReplies('app_b', 'helper', 0)).toEqual([])
    })

    it('records each declined question once and lists them newest first, per app', async () => {
      const decline = { appId: 'app_a', conversationId: 'c1', seq: 3, botId: 'helper', userId: 'alice', question: '你们周末营业吗？', reason: 'missing_knowledge', createdAt: now }
      await store.recordDecline(decline)
      await store.recordDecline({ ...decline, question: 'again' })
      await store.recordDecline({ ...decline, seq: 7, createdAt: now + 5 })
      await store.recordDecline({ ...decline, appId: 'app_b' })
      expect(await store.listDeclines('app_a', 0)).toEqual([{ ...decline, seq: 7, createdAt: now + 5 }, decline])
      expect(await store.listDeclines('app_a', now + 1)).toHaveLength(1)
      expect(await store.listDeclines('app_a', 0, 1)).toHaveLength(1)
    })
  })
}
