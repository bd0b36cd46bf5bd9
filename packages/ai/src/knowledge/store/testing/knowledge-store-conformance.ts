import { describe, expect, it } from 'vitest'
import { toIndexText, toQueryTerms } from '../../tokenize/tokenize.js'
import type { DocumentRecord, KnowledgeStore, NewChunk } from '../knowledge-store.js'

const settings = { targetTokens: 80, overlapTokens: 20, maxTokens: 400 }
const now = () => new Date().toISOString()

function documentRecord(appId: string, kbId: string, id: string, tags: string[] = []): DocumentRecord {
  return { id, appId, kbId, title: `Title ${id}`, tags, source: { kind: 'text', format: 'text' }, status: 'queued', progress: 0, chunkCount: 0, contentChars: 0, createdAt: now(), updatedAt: now() }
}

function chunk(id: string, ordinal: number, text: string, embedding?: number[]): NewChunk {
  const record: NewChunk = { id, ordinal, text, headingPath: ['H'], tokenCount: 10, indexText: toIndexText(text) }
  if (embedding) record.embedding = Float32Array.from(embedding)
  return record
}

async function* bytes(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

/**
 * The behaviour every {@link KnowledgeStore} must have, run against each implementation:
 * `describeKnowledgeStore('sqlite', async () => new SqliteKnowledgeStore(new Database(':memory:')))`.
 * The factory returns a fresh, empty store.
 */
export function describeKnowledgeStore(name: string, factory: () => Promise<KnowledgeStore>): void {
  describe(`KnowledgeStore conformance: ${name}`, () => {
    async function seeded() {
      const store = await factory()
      await store.migrate()
      await store.migrate() // idempotent
      for (const [appId, kbId] of [['app_a', 'kb_a1'], ['app_a', 'kb_a2'], ['app_b', 'kb_b1']] as const) {
        await store.createKnowledgeBase({ id: kbId, appId, name: kbId, settings, createdAt: now() })
      }
      await store.createDocument(documentRecord('app_a', 'kb_a1', 'doc_1', ['billing']))
      await store.createDocument(documentRecord('app_a', 'kb_a1', 'doc_2', ['shipping']))
      await store.createDocument(documentRecord('app_b', 'kb_b1', 'doc_b'))
      await store.replaceChunks('app_a', 'kb_a1', 'doc_1', [chunk('c1', 0, '退款在三十天内到账。', [1, 0, 0]), chunk('c2', 1, 'Refunds arrive within 30 days.', [0.9, 0.1, 0])])
      await store.replaceChunks('app_a', 'kb_a1', 'doc_2', [chunk('c3', 0, '快递三天送达，退款另计。', [0, 1, 0])])
      await store.replaceChunks('app_b', 'kb_b1', 'doc_b', [chunk('cb', 0, '退款政策：七天无理由退款。', [1, 0, 0])])
      return store
    }

    it('keeps knowledge bases and documents per app', async () => {
      const store = await seeded()
      expect((await store.listKnowledgeBases('app_a')).map((kb) => kb.id)).toEqual(['kb_a1', 'kb_a2'])
      expect(await store.getKnowledgeBase('app_b', 'kb_a1')).toBeUndefined()
      expect(await store.getDocument('app_b', 'kb_a1', 'doc_1')).toBeUndefined()
      expect((await store.listDocuments('app_a', 'kb_a1')).map((document) => document.id)).toEqual(['doc_1', 'doc_2'])
      expect(await store.deleteDocument('app_b', 'kb_a1', 'doc_1')).toBe(false)
      expect(await store.deleteKnowledgeBase('app_b', 'kb_a1')).toBe(false)
    })

    it('searches lexically within the named knowledge bases of the app only, best first', async () => {
      const store = await seeded()
      const hits = await store.searchLexical('app_a', ['kb_a1'], toQueryTerms('退款多久到账'), 10)
      expect(hits[0]!.id).toBe('c1')
      expect(hits.map((hit) => hit.id)).not.toContain('cb')
      expect(hits[0]).toMatchObject({ documentId: 'doc_1', kbId: 'kb_a1', title: 'Title doc_1', headingPath: ['H'] })
      expect(await store.searchLexical('app_a', ['kb_b1'], toQueryTerms('退款'), 10)).toEqual([])
      expect(await store.searchLexical('app_a', ['kb_a2'], toQueryTerms('退款'), 10)).toEqual([])
    })

    it('filters by document and by tag', async () => {
      const store = await seeded()
      const byDocument = await store.searchLexical('app_a', ['kb_a1'], toQueryTerms('退款'), 10, { documentIds: ['doc_2'] })
      expect(byDocument.map((hit) => hit.id)).toEqual(['c3'])
      const byTag = await store.searchLexical('app_a', ['kb_a1'], toQueryTerms('退款'), 10, { tags: ['billing'] })
      expect(byTag.map((hit) => hit.id)).toEqual(['c1'])
    })

    it('searches by vector with tenant isolation and filters', async () => {
      const store = await seeded()
      const hits = await store.searchVector('app_a', ['kb_a1'], Float32Array.from([1, 0, 0]), 2)
      expect(hits.map((hit) => hit.id)).toEqual(['c1', 'c2'])
      expect(hits[0]!.score).toBeCloseTo(1, 3)
      const filtered = await store.searchVector('app_a', ['kb_a1'], Float32Array.from([1, 0, 0]), 5, { tags: ['shipping'] })
      expect(filtered.map((hit) => hit.id)).toEqual(['c3'])
      expect((await store.searchVector('app_a', ['kb_b1'], Float32Array.from([1, 0, 0]), 5)).length).toBe(0)
    })

    it('replaces and deletes every chunk of a document, from every index', async () => {
      const store = await seeded()
      await store.replaceChunks('app_a', 'kb_a1', 'doc_1', [chunk('c9', 0, 'Completely new text about warranty.', [0, 0, 1])])
      expect((await store.listChunks('app_a', 'kb_a1', 'doc_1')).map((item) => item.id)).toEqual(['c9'])
      expect((await store.searchLexical('app_a', ['kb_a1'], toQueryTerms('refunds'), 10)).length).toBe(0)
      expect(await store.deleteDocument('app_a', 'kb_a1', 'doc_1')).toBe(true)
      expect(await store.listChunks('app_a', 'kb_a1', 'doc_1')).toEqual([])
      expect((await store.searchLexical('app_a', ['kb_a1'], toQueryTerms('warranty'), 10)).length).toBe(0)
      expect((await store.searchVector('app_a', ['kb_a1'], Float32Array.from([0, 0, 1]), 5)).map((hit) => hit.id)).toEqual(['c3'])
      expect(await store.deleteKnowledgeBase('app_a', 'kb_a1')).toBe(true)
      expect(await store.countChunks('app_a', 'kb_a1')).toBe(0)
      expect(await store.countChunks('app_b', 'kb_b1')).toBe(1)
    })

    it('stores source bytes in parts, per app, and refuses oversize sources', async () => {
      const store = await seeded()
      expect(await store.writeSource('app_a', 'doc_1', bytes('hello ', 'world'), 100)).toBe(11)
      const parts: Uint8Array[] = []
      for await (const part of store.readSource('app_a', 'doc_1')) parts.push(part)
      expect(Buffer.concat(parts).toString()).toBe('hello world')
      const other: Uint8Array[] = []
      for await (const part of store.readSource('app_b', 'doc_1')) other.push(part)
      expect(other).toEqual([])
      await expect(store.writeSource('app_a', 'doc_2', bytes('x'.repeat(60), 'y'.repeat(60)), 100)).rejects.toMatchObject({ code: 'payload_too_large' })
    })

    it('queues jobs: due order, one per document at a time, backoff, requeue after a crash', async () => {
      const store = await seeded()
      const job = (id: string, documentId: string, runAfter: number) => ({ id, appId: 'app_a', kbId: 'kb_a1', documentId, status: 'queued' as const, attempts: 0, runAfter })
      await store.enqueueJob(job('j1', 'doc_1', 100))
      await store.enqueueJob(job('j2', 'doc_1', 100))
      await store.enqueueJob(job('j3', 'doc_2', 5_000))
      expect((await store.claimJobs(5, 1_000)).map((claimed) => [claimed.id, claimed.attempts])).toEqual([['j1', 1]])
      expect(await store.claimJobs(5, 1_000)).toEqual([]) // j2 waits for j1's document; j3 not due
      expect(await store.nextJobDue()).toBe(100)
      await store.finishJob('j1', { status: 'queued', runAfter: 2_000, error: 'boom' })
      expect((await store.claimJobs(5, 1_500)).map((claimed) => claimed.id)).toEqual(['j2'])
      expect(await store.requeueInterruptedJobs()).toBe(1)
      const again = await store.claimJobs(5, 10_000)
      // j2 (interrupted, due earliest) and j3; j1 waits: one job per document at a time
      expect(again.map((claimed) => claimed.id).sort()).toEqual(['j2', 'j3'])
      expect(again.find((claimed) => claimed.id === 'j2')).toMatchObject({ attempts: 2 })
      await store.finishJob('j2', { status: 'done' })
      expect(await store.claimJobs(5, 10_000)).toMatchObject([{ id: 'j1', attempts: 2, lastError: 'boom' }])
    })
  })
}
