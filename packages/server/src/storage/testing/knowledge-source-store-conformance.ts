import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KnowledgeCurationRecord, KnowledgeSourceRecord, KnowledgeSourceRunRecord, KnowledgeSourceStore } from '../knowledge-source-store.js'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.knowledgeSources}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeKnowledgeSourceStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeKnowledgeSourceStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`KnowledgeSourceStore conformance: ${name}`, () => {
    let storage: Storage
    let store: KnowledgeSourceStore
    const now = 1_700_000_000_000
    const source = (id: string, extra: Partial<KnowledgeSourceRecord> = {}): KnowledgeSourceRecord => ({
      appId: 'app_a', id, kbId: 'kb_1', kind: 'sitemap', settings: { url: 'https://example.com/sitemap.xml' }, sealedSecret: null, everyMinutes: 60,
      status: 'active', checkpoint: null, nextRunAt: now, consecutiveFailures: 0, lastRunId: null, createdAt: now, updatedAt: now, ...extra,
    })
    const run = (id: string, sourceId: string, extra: Partial<KnowledgeSourceRunRecord> = {}): KnowledgeSourceRunRecord => ({
      appId: 'app_a', id, sourceId, status: 'queued', trigger: 'manual', progress: 0, added: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0,
      errors: [], stats: null, error: null, queuedAt: now, startedAt: null, finishedAt: null, ...extra,
    })
    const curation = (id: string, extra: Partial<KnowledgeCurationRecord> = {}): KnowledgeCurationRecord => ({
      appId: 'app_a', id, kbId: 'kb_1', documentId: 'doc_1', chunkHash: 'h1', action: 'edit', text: 'curated', question: null, answer: null,
      needsReview: false, createdAt: now, updatedAt: now, ...extra,
    })

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      store = storage.knowledgeSources!
    })
    afterEach(async () => {
      await storage.close()
    })

    it('creates, lists, updates and deletes sources, apps apart', async () => {
      await store.createSource(source('src_1', { settings: { url: 'https://a.example/sitemap.xml', include: ['https://a.example/docs/*'] }, sealedSecret: 'sealed' }))
      await store.createSource(source('src_2', { createdAt: now + 1, everyMinutes: null, nextRunAt: null }))
      await store.createSource({ ...source('src_3'), appId: 'app_b' })
      expect((await store.listSources('app_a', 'kb_1')).map((record) => record.id)).toEqual(['src_1', 'src_2'])
      expect(await store.getSource('app_a', 'src_1')).toEqual(source('src_1', { settings: { url: 'https://a.example/sitemap.xml', include: ['https://a.example/docs/*'] }, sealedSecret: 'sealed' }))
      expect(await store.getSource('app_a', 'src_3')).toBeUndefined()
      expect(await store.updateSource('app_a', 'src_1', { status: 'paused', checkpoint: '{"x":1}', consecutiveFailures: 2, lastRunId: 'run_1', updatedAt: now + 5 })).toBe(true)
      expect(await store.getSource('app_a', 'src_1')).toMatchObject({ status: 'paused', checkpoint: '{"x":1}', consecutiveFailures: 2, lastRunId: 'run_1', updatedAt: now + 5 })
      expect(await store.updateSource('app_b', 'src_1', { status: 'active' })).toBe(false)
      await store.putItem('app_a', 'src_1', { itemId: 'https://a.example/x', documentId: 'doc_1', missingCount: 0 }, now)
      await store.createRun(run('run_1', 'src_1'))
      expect(await store.deleteSource('app_a', 'src_1')).toBe(true)
      expect(await store.deleteSource('app_a', 'src_1')).toBe(false)
      expect(await store.listItems('app_a', 'src_1')).toEqual([])
      expect(await store.getRun('app_a', 'run_1')).toBeUndefined()
      expect(await store.getSource('app_b', 'src_3')).toBeDefined()
    })

    it('answers due sources: active, scheduled, time come, soonest first', async () => {
      await store.createSource(source('src_late', { nextRunAt: now + 10 }))
      await store.createSource(source('src_soon', { nextRunAt: now - 10 }))
      await store.createSource(source('src_now', { nextRunAt: now }))
      await store.createSource(source('src_paused', { status: 'paused', nextRunAt: now - 100 }))
      await store.createSource(source('src_manual', { everyMinutes: null, nextRunAt: now - 100 }))
      await store.createSource({ ...source('src_other'), appId: 'app_b', nextRunAt: now - 5 })
      expect((await store.dueSources(now, 10)).map((record) => record.id)).toEqual(['src_soon', 'src_other', 'src_now'])
      expect((await store.dueSources(now, 1)).map((record) => record.id)).toEqual(['src_soon'])
    })

    it('keeps items with their validators and hashes, replacing on put', async () => {
      const item = { itemId: 'https://a.example/x', documentId: 'doc_1', url: 'https://a.example/x', etag: '"e1"', lastModified: 'Mon, 01 Dec 2026 00:00:00 GMT', version: 'v1', contentHash: 'c1', textHash: 't1', missingCount: 0 }
      await store.putItem('app_a', 'src_1', item, now)
      await store.putItem('app_a', 'src_1', { itemId: 'https://a.example/a', missingCount: 1 }, now)
      await store.putItem('app_b', 'src_1', { itemId: 'https://b.example/', missingCount: 0 }, now)
      expect(await store.listItems('app_a', 'src_1')).toEqual([{ itemId: 'https://a.example/a', missingCount: 1 }, item])
      await store.putItem('app_a', 'src_1', { ...item, etag: '"e2"', missingCount: 1 }, now + 1)
      expect((await store.listItems('app_a', 'src_1'))[1]).toEqual({ ...item, etag: '"e2"', missingCount: 1 })
      await store.deleteItem('app_a', 'src_1', 'https://a.example/a')
      expect((await store.listItems('app_a', 'src_1')).map((entry) => entry.itemId)).toEqual(['https://a.example/x'])
    })

    it('runs: newest first, the active one, claimed once, requeued after a stop', async () => {
      await store.createRun(run('run_1', 'src_1', { status: 'done', queuedAt: now, added: 3, errors: [{ itemId: 'x', url: 'https://a.example/x', error: 'gone' }], stats: { requests: 4 } }))
      await store.createRun(run('run_2', 'src_1', { queuedAt: now + 1 }))
      await store.createRun({ ...run('run_3', 'src_1', { queuedAt: now - 1 }), appId: 'app_b' })
      expect((await store.listRuns('app_a', 'src_1', 10)).map((record) => record.id)).toEqual(['run_2', 'run_1'])
      expect(await store.getRun('app_a', 'run_1')).toMatchObject({ added: 3, errors: [{ itemId: 'x', url: 'https://a.example/x', error: 'gone' }], stats: { requests: 4 } })
      expect((await store.activeRun('app_a', 'src_1'))?.id).toBe('run_2')
      expect((await store.queuedRuns(10)).map((record) => record.id)).toEqual(['run_3', 'run_2'])
      const claims = await Promise.all([store.claimRun('app_a', 'run_2', now + 2), store.claimRun('app_a', 'run_2', now + 2)])
      expect(claims.filter(Boolean)).toHaveLength(1)
      expect(await store.getRun('app_a', 'run_2')).toMatchObject({ status: 'running', startedAt: now + 2 })
      await store.updateRun('app_a', 'run_2', { progress: 0.5, updated: 2, unchanged: 5 })
      expect(await store.requeueRunning()).toBe(1)
      expect(await store.getRun('app_a', 'run_2')).toMatchObject({ status: 'queued', startedAt: null, progress: 0.5, updated: 2, unchanged: 5 })
      await store.updateRun('app_a', 'run_2', { status: 'failed', error: 'The sitemap answered HTTP 500.', finishedAt: now + 3 })
      expect(await store.activeRun('app_a', 'src_1')).toBeUndefined()
    })

    it('curations: by document and knowledge base, flagged, updated and deleted, apps apart', async () => {
      await store.createCuration(curation('cur_1'))
      await store.createCuration(curation('cur_2', { action: 'pin', chunkHash: null, text: null, question: 'Q?', answer: 'A.', createdAt: now + 1 }))
      await store.createCuration(curation('cur_3', { documentId: 'doc_2', action: 'disable', text: null, createdAt: now + 2 }))
      await store.createCuration({ ...curation('cur_4'), appId: 'app_b' })
      expect((await store.listCurations('app_a', 'kb_1', 'doc_1')).map((record) => record.id)).toEqual(['cur_1', 'cur_2'])
      expect((await store.listCurations('app_a', 'kb_1')).map((record) => record.id)).toEqual(['cur_1', 'cur_2', 'cur_3'])
      await store.flagCurations('app_a', ['cur_1', 'cur_3'], true, now + 5)
      expect((await store.listCurations('app_a', 'kb_1')).map((record) => record.needsReview)).toEqual([true, false, true])
      expect((await store.getCuration('app_b', 'cur_4'))?.needsReview).toBe(false)
      await store.updateCuration('app_a', 'cur_1', { text: 'curated again', needsReview: false, updatedAt: now + 6 })
      expect(await store.getCuration('app_a', 'cur_1')).toEqual(curation('cur_1', { text: 'curated again', updatedAt: now + 6 }))
      expect(await store.deleteCuration('app_a', 'cur_2')).toBe(true)
      expect(await store.deleteCuration('app_a', 'cur_2')).toBe(false)
      await store.deleteCurationsOf('app_a', 'doc_1')
      expect((await store.listCurations('app_a', 'kb_1')).map((record) => record.id)).toEqual(['cur_3'])
      expect(await store.getCuration('app_b', 'cur_4')).toBeDefined()
    })
  })
}
