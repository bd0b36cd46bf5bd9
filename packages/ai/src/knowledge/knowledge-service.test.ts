import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { OpenAICompatibleEmbeddingModel } from './embedding/openai-compatible-embedding.js'
import { KnowledgeService, type KnowledgeServiceOptions } from './knowledge-service.js'
import { makeDocx } from './testing/document-fixtures.js'
import { startFakeEmbeddingsServer } from './testing/fake-embeddings-server.js'

const services: KnowledgeService[] = []
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()))
})

async function open(options: Partial<KnowledgeServiceOptions> = {}, db = new Database(':memory:')): Promise<KnowledgeService> {
  const service = new KnowledgeService({ db, backoff: { baseMs: 10, maxMs: 50 }, ...options })
  services.push(service)
  await service.start()
  return service
}

const FAQ = '# 售后\n\n## 退款\n\n收到商品后三十天内可以申请退款，退款在五个工作日内到账。\n\n## 保修\n\n整机保修一年，电池保修半年。'

describe('KnowledgeService', () => {
  it('ingests a markdown document in the background and finds it with citations', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Help' })
    const added = await kb.addDocument('app_1', kbId, { kind: 'text', title: 'FAQ', text: FAQ, format: 'markdown' }, { tags: ['after-sales'] })
    expect(added.status).toBe('queued')
    await kb.whenIdle()
    const document = await kb.getDocument('app_1', kbId, added.id)
    expect(document).toMatchObject({ status: 'ready', progress: 1, chunkCount: 2, title: 'FAQ', tags: ['after-sales'] })
    const { results } = await kb.search('app_1', kbId, { query: '退款多久到账？', topK: 3 })
    expect(results[0]).toMatchObject({ documentId: added.id, title: 'FAQ', headingPath: ['售后', '退款'] })
    expect(results[0]!.text).toContain('五个工作日')
  })

  it('never lets one app read or change another app’s knowledge base', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Private' })
    const { id: documentId } = await kb.addDocument('app_1', kbId, { kind: 'text', title: 'Secret', text: '内部价格是九百九十九元。' })
    await kb.whenIdle()
    const notFound = { code: 'not_found' }
    await expect(kb.search('app_2', kbId, { query: '内部价格' })).rejects.toMatchObject(notFound)
    await expect(kb.getDocument('app_2', kbId, documentId)).rejects.toMatchObject(notFound)
    await expect(kb.listDocuments('app_2', kbId)).rejects.toMatchObject(notFound)
    await expect(kb.listChunks('app_2', kbId, documentId)).rejects.toMatchObject(notFound)
    await expect(kb.addDocument('app_2', kbId, { kind: 'text', title: 'x', text: 'y' })).rejects.toMatchObject(notFound)
    await expect(kb.deleteDocument('app_2', kbId, documentId)).rejects.toMatchObject(notFound)
    await expect(kb.deleteKnowledgeBase('app_2', kbId)).rejects.toMatchObject(notFound)
    // app_2's own knowledge base never returns app_1's chunks, even when asked for app_1's kb too
    const { id: otherKb } = await kb.createKnowledgeBase('app_2', { name: 'Mine' })
    await expect(kb.search('app_2', [otherKb, kbId], { query: '内部价格' })).rejects.toMatchObject(notFound)
    expect((await kb.search('app_2', otherKb, { query: '内部价格' })).results).toEqual([])
    expect(await kb.listKnowledgeBases('app_2')).toEqual([expect.objectContaining({ id: otherKb })])
    expect((await kb.getDocument('app_1', kbId, documentId)).status).toBe('ready')
  })

  it('updates a document (new content replaces the old chunks) and deletes it with every chunk', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Help' })
    const { id } = await kb.addDocument('app_1', kbId, { kind: 'text', title: 'Policy', text: 'Returns are accepted within 14 days.' })
    await kb.whenIdle()
    await kb.updateDocument('app_1', kbId, id, { content: { kind: 'text', title: 'Policy v2', text: 'Warranty covers two years of repairs.' }, tags: ['v2'] })
    await kb.whenIdle()
    expect(await kb.getDocument('app_1', kbId, id)).toMatchObject({ status: 'ready', title: 'Policy v2', tags: ['v2'] })
    expect((await kb.search('app_1', kbId, { query: 'returns accepted' })).results).toEqual([])
    expect((await kb.search('app_1', kbId, { query: 'warranty repairs', tags: ['v2'] })).results).toHaveLength(1)
    expect((await kb.search('app_1', kbId, { query: 'warranty repairs', tags: ['v1'] })).results).toHaveLength(0)
    await kb.deleteDocument('app_1', kbId, id)
    expect((await kb.search('app_1', kbId, { query: 'warranty repairs' })).results).toEqual([])
    expect((await kb.getKnowledgeBase('app_1', kbId)).chunkCount).toBe(0)
    await expect(kb.getDocument('app_1', kbId, id)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('reads uploaded files, streamed or whole, including CSV Q&A and DOCX', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Files' })
    async function* stream() {
      yield Buffer.from('question,answer\n"Do you ship to Canada?","Yes, in 5 days."\n')
      yield Buffer.from('"Can I pay by card?","Visa and Mastercard."\n')
    }
    const csv = await kb.addDocument('app_1', kbId, { kind: 'file', filename: 'faq.csv', contentType: 'text/csv', data: stream() })
    const docx = await kb.addDocument('app_1', kbId, { kind: 'file', filename: 'manual.docx', data: await makeDocx('Battery', 'Charge for two hours before first use.') })
    await kb.whenIdle()
    const chunks = await kb.listChunks('app_1', kbId, csv.id)
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Q: Do you ship to Canada?\nA: Yes, in 5 days.', 'Q: Can I pay by card?\nA: Visa and Mastercard.'])
    const { results } = await kb.search('app_1', kbId, { query: 'how long to charge the battery' })
    expect(results[0]).toMatchObject({ documentId: docx.id, headingPath: ['Battery'] })
  })

  it('refuses bad input before queueing', async () => {
    const kb = await open({ maxDocumentBytes: 100 })
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Help' })
    await expect(kb.addDocument('app_1', kbId, { kind: 'file', filename: 'photo.png', contentType: 'image/png', data: Buffer.alloc(3) })).rejects.toMatchObject({ code: 'unsupported_media_type' })
    await expect(kb.addDocument('app_1', kbId, { kind: 'file', filename: 'big.txt', data: Buffer.alloc(200, 97) })).rejects.toMatchObject({ code: 'payload_too_large' })
    await expect(kb.addDocument('app_1', kbId, { kind: 'url', url: 'ftp://example.com/x' })).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(kb.search('app_1', kbId, { query: '  ' })).rejects.toMatchObject({ code: 'validation_failed' })
    expect(await kb.listDocuments('app_1', kbId)).toEqual([])
  })
})

describe('ingestion jobs', () => {
  it('marks a broken file failed with a clear error, without retrying', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Help' })
    const { id } = await kb.addDocument('app_1', kbId, { kind: 'file', filename: 'broken.pdf', data: Buffer.from('this is not a pdf') })
    await kb.whenIdle()
    const document = await kb.getDocument('app_1', kbId, id)
    expect(document.status).toBe('failed')
    expect(document.error).toMatch(/PDF file could not be read/)
  })

  it('retries a failing fetch with backoff until it succeeds, and gives up after maxAttempts', async () => {
    let calls = 0
    const server = http.createServer((request, response) => {
      calls++
      if (request.url === '/always-down' || calls <= 2) response.writeHead(503).end()
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('The office opens at nine.')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const kb = await open({ fetchAllowlist: ['127.0.0.1'], maxAttempts: 3 })
      const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Web' })
      const { id } = await kb.addDocument('app_1', kbId, { kind: 'url', url: `${base}/hours` })
      await kb.whenIdle()
      expect(calls).toBe(3)
      const document = await kb.getDocument('app_1', kbId, id)
      expect(document.status).toBe('ready')
      expect(document.error).toBeUndefined()
      calls = 0
      const down = await kb.addDocument('app_1', kbId, { kind: 'url', url: `${base}/always-down` })
      await kb.whenIdle()
      expect(calls).toBe(3)
      expect(await kb.getDocument('app_1', kbId, down.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 503') })
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('refuses to fetch a private address that is not allowlisted', async () => {
    const kb = await open()
    const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Web' })
    const { id } = await kb.addDocument('app_1', kbId, { kind: 'url', url: 'http://127.0.0.1:9/admin' })
    await kb.whenIdle()
    expect(await kb.getDocument('app_1', kbId, id)).toMatchObject({ status: 'failed', error: expect.stringContaining('not allowed') })
  })

  it('resumes a job left processing by a crash, from a real SQLite file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'warbler-kb-')), 'kb.db')
    const first = new Database(file)
    first.pragma('journal_mode = WAL')
    const crashed = new KnowledgeService({ db: first })
    await crashed.store.migrate() // the worker never starts: as if the process died mid-job
    const { id: kbId } = await crashed.createKnowledgeBase('app_1', { name: 'Help' })
    const { id } = await crashed.addDocument('app_1', kbId, { kind: 'text', title: 'Hours', text: '营业时间是早上九点到晚上六点。' })
    const claimed = await crashed.store.claimJobs(1, Date.now())
    expect(claimed).toHaveLength(1)
    await crashed.store.updateDocument('app_1', id, { status: 'processing', progress: 0.3 })
    first.close()

    const restarted = await open({}, new Database(file))
    await restarted.whenIdle()
    expect(await restarted.getDocument('app_1', kbId, id)).toMatchObject({ status: 'ready', progress: 1 })
    expect((await restarted.search('app_1', kbId, { query: '营业时间' })).results).toHaveLength(1)
  })

  it('runs at most `concurrency` jobs at once', async () => {
    let active = 0
    let peak = 0
    const server = http.createServer((_request, response) => {
      active++
      peak = Math.max(peak, active)
      setTimeout(() => {
        active--
        response.writeHead(200, { 'content-type': 'text/plain' }).end('Some page text.')
      }, 30)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const kb = await open({ fetchAllowlist: ['127.0.0.1'], concurrency: 2 })
      const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Web' })
      for (let index = 0; index < 6; index++) await kb.addDocument('app_1', kbId, { kind: 'url', url: `${base}/page-${index}` })
      await kb.whenIdle()
      expect(peak).toBe(2)
      const documents = await kb.listDocuments('app_1', kbId)
      expect(documents.map((document) => document.status)).toEqual(Array(6).fill('ready'))
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('vector search with an OpenAI-compatible embedding model', () => {
  it('embeds chunks in batches and finds a chunk by meaning, fused with BM25', async () => {
    const fake = await startFakeEmbeddingsServer({ failFirst: 1 })
    try {
      const model = new OpenAICompatibleEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'test-key', model: 'fake-embed', maxEmbeddingsPerCall: 2 })
      const kb = await open({ embeddingModel: model })
      const { id: kbId } = await kb.createKnowledgeBase('app_1', { name: 'Help', chunking: { targetTokens: 16, overlapTokens: 0, maxTokens: 64 } })
      const text = 'Refund requests are handled by the billing team.\n\nDelivery takes three days.\n\nRepairs are free for a year.'
      const { id } = await kb.addDocument('app_1', kbId, { kind: 'text', title: 'Support', text })
      await kb.whenIdle()
      expect((await kb.getDocument('app_1', kbId, id)).status).toBe('ready') // the 503 was retried
      expect(fake.requests.every((request) => request.model === 'fake-embed' && request.input.length <= 2)).toBe(true)
      // "money back" shares no word with the refund chunk: only the vector path can find it
      const { results } = await kb.search('app_1', kbId, { query: 'money back', topK: 1 })
      expect(results[0]!.text).toContain('Refund requests')
    } finally {
      await fake.close()
    }
  })
})
