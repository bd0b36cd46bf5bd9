import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AddressPolicy } from '../../net/address-policy.js'
import { DEFAULT_DOCUMENT_LIMITS } from '../parse/document-limits.js'
import { KnowledgeService } from '../knowledge-service.js'
import { OpenAICompatibleEmbeddingModel } from '../embedding/openai-compatible-embedding.js'
import { startFakeEmbeddingsServer } from '../testing/fake-embeddings-server.js'
import { SqliteKnowledgeStore } from '../store/sqlite/sqlite-knowledge-store.js'
import { createConnector, type SourceKind, type SourceSettings } from './create-connector.js'
import { chunkHash } from './curation.js'
import { partialOf, runSync, type SyncResult } from './run-sync.js'
import { SourceHttp } from './source-http.js'
import { SyncedDocuments } from './synced-documents.js'
import { htmlPage, startLocalSite, type LocalSite } from './testing/local-site.js'
import { MemorySyncState } from './testing/memory-sync-state.js'

const policy = new AddressPolicy(['127.0.0.1'])
let site: LocalSite
let knowledge: KnowledgeService
let documents: SyncedDocuments
let kbId: string

beforeEach(async () => {
  site = await startLocalSite()
  const store = new SqliteKnowledgeStore(new Database(':memory:'), { useSqliteVec: false })
  knowledge = new KnowledgeService({ store })
  await knowledge.start()
  kbId = (await knowledge.createKnowledgeBase('app_1', { name: 'Site' })).id
  documents = new SyncedDocuments({ store, limits: DEFAULT_DOCUMENT_LIMITS })
})
afterEach(async () => {
  await knowledge.stop()
  await site.close()
})

async function sync(state: MemorySyncState, kind: SourceKind, settings: SourceSettings, checkpoint?: string, token?: string): Promise<SyncResult> {
  const kb = (await knowledge.store.getKnowledgeBase('app_1', kbId))!
  return runSync({ sourceId: 'src_1', kb, connector: createConnector(kind, settings, token ? { token } : {}), http: new SourceHttp({ policy }), state, documents, ...(checkpoint ? { checkpoint } : {}) })
}

const search = async (query: string) => (await knowledge.search('app_1', kbId, { query, topK: 10 })).results

describe('a sitemap source', () => {
  it('adds all, then sends conditional requests and finds all unchanged, updates one edit, deletes one removal', async () => {
    const paths = ['/refunds', '/shipping', '/warranty']
    site.set('/refunds', htmlPage('Refunds', 'Refunds are paid within thirty days of the purchase.'))
    site.set('/shipping', htmlPage('Shipping', 'Parcels ship from Rotterdam every weekday morning.'))
    site.set('/warranty', htmlPage('Warranty', 'The kettle has a warranty of two years.'))
    site.sitemap(paths, '/sitemap.xml.gz', true)
    const state = new MemorySyncState()
    const settings = { url: `${site.origin}/sitemap.xml.gz` }

    const first = await sync(state, 'sitemap', settings)
    expect(first).toMatchObject({ added: 3, updated: 0, deleted: 0, unchanged: 0, failed: 0 })
    const [hit] = await search('parcels Rotterdam')
    expect(hit?.sourceUrl).toBe(`${site.origin}/shipping`)

    site.hits.length = 0
    const second = await sync(state, 'sitemap', settings, first.nextCheckpoint)
    expect(second).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 3, failed: 0 })
    const pageHits = site.hits.filter((entry) => paths.includes(entry.path))
    expect(pageHits).toHaveLength(3)
    expect(pageHits.every((entry) => entry.ifNoneMatch !== undefined && entry.status === 304)).toBe(true)
    expect(site.hits.find((entry) => entry.path === '/sitemap.xml.gz')?.status).toBe(304)

    site.set('/warranty', htmlPage('Warranty', 'The kettle has a warranty of five years and free repairs.'))
    const third = await sync(state, 'sitemap', settings, second.nextCheckpoint)
    expect(third).toMatchObject({ added: 0, updated: 1, deleted: 0, unchanged: 2, failed: 0 })
    expect((await search('warranty kettle'))[0]?.text).toContain('five years')

    site.remove('/shipping')
    site.sitemap(['/refunds', '/warranty'], '/sitemap.xml.gz', true)
    const fourth = await sync(state, 'sitemap', settings, third.nextCheckpoint)
    expect(fourth).toMatchObject({ added: 0, updated: 0, deleted: 1, unchanged: 2, failed: 0 })
    expect((await search('parcels Rotterdam')).some((result) => result.sourceUrl?.endsWith('/shipping'))).toBe(false)
  })

  it('treats a page whose Last-Modified moved but whose text did not as unchanged', async () => {
    site.set('/a', { body: htmlPage('A', 'Alpha text stays the same.'), etag: false })
    site.sitemap(['/a'])
    const state = new MemorySyncState()
    const first = await sync(state, 'sitemap', { url: `${site.origin}/sitemap.xml` })
    const chunkIds = (await knowledge.listChunks('app_1', kbId, [...state.map.values()][0]!.documentId!)).map((chunk) => chunk.id)
    site.set('/a', { body: htmlPage('A', 'Alpha text stays the same.'), etag: false, lastModified: new Date(Date.now() + 60_000) })
    const second = await sync(state, 'sitemap', { url: `${site.origin}/sitemap.xml` }, first.nextCheckpoint)
    expect(second).toMatchObject({ unchanged: 1, updated: 0 })
    // Not re-chunked: the same chunk ids are indexed.
    expect((await knowledge.listChunks('app_1', kbId, [...state.map.values()][0]!.documentId!)).map((chunk) => chunk.id)).toEqual(chunkIds)
  })

  it('removes a page answering 404 only on its second consecutive run', async () => {
    site.set('/a', htmlPage('A', 'Alpha'))
    site.set('/b', htmlPage('B', 'Bravo'))
    site.sitemap(['/a', '/b'])
    const state = new MemorySyncState()
    const settings = { url: `${site.origin}/sitemap.xml` }
    await sync(state, 'sitemap', settings)
    site.remove('/b')
    expect(await sync(state, 'sitemap', settings)).toMatchObject({ deleted: 0, failed: 1, unchanged: 1 })
    expect(state.map.size).toBe(2)
    expect(await sync(state, 'sitemap', settings)).toMatchObject({ deleted: 1, failed: 0, unchanged: 1 })
    expect(state.map.size).toBe(1)
  })
})

describe('a crawled site', () => {
  it('follows links within the origin and depth, and never fetches what robots.txt disallows', async () => {
    site.set('/robots.txt', { body: 'User-agent: *\nDisallow: /private\n\nUser-agent: OtherBot\nDisallow: /', contentType: 'text/plain' })
    site.set('/', htmlPage('Home', 'Welcome home.', ['/about', '/private/secrets', 'https://elsewhere.example/x']))
    site.set('/about', htmlPage('About', 'We make kettles.', ['/about/team']))
    site.set('/about/team', htmlPage('Team', 'Two people.', ['/about/team/deep']))
    site.set('/about/team/deep', htmlPage('Deep', 'Too deep.'))
    site.set('/private/secrets', htmlPage('Secrets', 'Never read this.'))
    const state = new MemorySyncState()
    const result = await sync(state, 'site', { url: `${site.origin}/`, depth: 2 })
    expect(result).toMatchObject({ added: 3, failed: 0 })
    expect(site.hits.some((entry) => entry.path.startsWith('/private'))).toBe(false)
    expect(site.hits.some((entry) => entry.path === '/about/team/deep')).toBe(false)
    expect([...state.map.keys()].sort()).toEqual([`${site.origin}/`, `${site.origin}/about`, `${site.origin}/about/team`])

    // Unchanged pages (304) still lead on through their remembered links.
    const again = await sync(state, 'site', { url: `${site.origin}/`, depth: 2 }, result.nextCheckpoint)
    expect(again).toMatchObject({ unchanged: 3, deleted: 0, added: 0 })
  })
})

describe('curation', () => {
  it('keeps an edit, a pin and a disabled passage while their text is unchanged and flags them when it changed', async () => {
    const two = (first: string, second: string) =>
      `<html><head><title>Policy</title></head><body><h2>Main</h2><p>${first}</p><h2>More</h2><p>${second}</p></body></html>`
    site.set('/a', two('Returns are accepted within 14 days.', 'Exchanges cost nothing.'))
    site.set('/b', two('Delivery takes three days.', 'Parcels are tracked.'))
    site.sitemap(['/a', '/b'])
    const state = new MemorySyncState()
    const settings = { url: `${site.origin}/sitemap.xml` }
    await sync(state, 'sitemap', settings)
    const docA = state.map.get(`${site.origin}/a`)!.documentId!
    const docB = state.map.get(`${site.origin}/b`)!.documentId!
    const chunkA = (await knowledge.listChunks('app_1', kbId, docA)).find((chunk) => chunk.text.includes('14 days'))!
    const chunkB = (await knowledge.listChunks('app_1', kbId, docB)).find((chunk) => chunk.text.includes('three days'))!
    expect(chunkA.text).not.toContain('Exchanges')
    state.curationList.push(
      { id: 'cur_edit', documentId: docA, chunkHash: chunkHash(chunkA.text), action: 'edit', text: 'Returns are accepted within 30 days (curated).', needsReview: false },
      { id: 'cur_pin', documentId: docA, action: 'pin', question: 'Can I return opened items?', answer: 'Yes, opened items can be returned.', needsReview: false },
      { id: 'cur_off', documentId: docB, chunkHash: chunkHash(chunkB.text), action: 'disable', needsReview: false },
    )
    // Another passage of A changed: A is re-indexed, its curated passage is unchanged, so the curations apply.
    site.set('/a', two('Returns are accepted within 14 days.', 'Exchanges are free of charge.'))
    const changed = await sync(state, 'sitemap', settings)
    expect(changed).toMatchObject({ updated: 1, unchanged: 1, needsReview: 0 })
    const textsA = (await knowledge.listChunks('app_1', kbId, docA)).map((chunk) => chunk.text).join('\n')
    expect(textsA).toContain('30 days (curated)')
    expect(textsA).not.toContain('14 days')
    expect(textsA).toContain('opened items can be returned')
    expect(textsA).toContain('free of charge')

    // The disabled passage itself changed: it is indexed again and the curation waits for review.
    site.set('/b', two('Delivery now takes two days.', 'Parcels are tracked.'))
    const flagged = await sync(state, 'sitemap', settings)
    expect(flagged).toMatchObject({ updated: 1, needsReview: 1 })
    expect(state.curationList.find((curation) => curation.id === 'cur_off')?.needsReview).toBe(true)
    expect(state.curationList.find((curation) => curation.id === 'cur_edit')?.needsReview).toBe(false)
    expect((await knowledge.listChunks('app_1', kbId, docB)).map((chunk) => chunk.text).join()).toContain('two days')
  })
})

describe('embeddings', () => {
  it('embeds only what changed: nothing when only Last-Modified moved, one page when one page changed', async () => {
    const fake = await startFakeEmbeddingsServer()
    try {
      const model = new OpenAICompatibleEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'test-key', model: 'fake-embed' })
      const embedded = new SyncedDocuments({ store: knowledge.store, limits: DEFAULT_DOCUMENT_LIMITS, embeddingModel: model })
      site.set('/a', { body: htmlPage('Refunds', 'Refund requests are paid back within a week.'), etag: false })
      site.set('/b', { body: htmlPage('Shipping', 'Delivery takes three days.'), etag: false })
      site.sitemap(['/a', '/b'])
      const state = new MemorySyncState()
      const kb = (await knowledge.store.getKnowledgeBase('app_1', kbId))!
      const run = () => runSync({ sourceId: 'src_1', kb, connector: createConnector('sitemap', { url: `${site.origin}/sitemap.xml` }), http: new SourceHttp({ policy }), state, documents: embedded })
      expect(await run()).toMatchObject({ added: 2 })
      const texts = () => fake.requests.flatMap((request) => request.input)
      expect(texts().length).toBeGreaterThanOrEqual(2)
      const afterFirst = texts().length

      const later = new Date(Date.now() + 120_000)
      site.set('/a', { body: htmlPage('Refunds', 'Refund requests are paid back within a week.'), etag: false, lastModified: later })
      site.set('/b', { body: htmlPage('Shipping', 'Delivery takes three days.'), etag: false, lastModified: later })
      expect(await run()).toMatchObject({ unchanged: 2, updated: 0 })
      expect(texts()).toHaveLength(afterFirst)

      site.set('/b', { body: htmlPage('Shipping', 'Delivery now takes two days.'), etag: false, lastModified: new Date(Date.now() + 240_000) })
      expect(await run()).toMatchObject({ unchanged: 1, updated: 1 })
      expect(texts().slice(afterFirst).every((text) => text.includes('Shipping'))).toBe(true)
      expect(texts().length).toBeGreaterThan(afterFirst)
    } finally {
      await fake.close()
    }
  })
})

describe('a listing that fails part-way', () => {
  it('keeps what earlier batches wrote and reports their counts on the error', async () => {
    const kb = (await knowledge.store.getKnowledgeBase('app_1', kbId))!
    const state = new MemorySyncState()
    let calls = 0
    const connector = {
      kind: 'flaky',
      async listChanges() {
        calls++
        if (calls === 2) throw new Error('The wiki answered HTTP 502.')
        return { upserts: [{ itemId: 'p1', url: 'https://wiki.example.com/p1', title: 'One', content: { format: 'text' as const, text: 'The first page of the wiki.' } }], failures: [], hasMore: true, nextCheckpoint: 'cursor:1' }
      },
      async listAllIds() {
        return undefined
      },
    }
    const error = await runSync({ sourceId: 'src_1', kb, connector, http: new SourceHttp({ policy }), state, documents }).catch((caught: unknown) => caught)
    expect((error as Error).message).toBe('The wiki answered HTTP 502.')
    expect(partialOf(error)).toMatchObject({ added: 1, updated: 0, deleted: 0, failed: 0 })
    expect(state.map.has('p1')).toBe(true)
    expect((await search('first page wiki'))[0]?.sourceUrl).toBe('https://wiki.example.com/p1')
  })
})
