import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlPage, startLocalSite, type LocalSite } from '../../../../ai/src/knowledge/sources/testing/local-site.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../../src/storage/postgres/testing/postgres-test-database.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { syncNow, waitForRun } from './source-fixture.js'

const PAGES = 1000
const postgresSkip = await postgresSkipReason()
const ENGINES = [{ engine: 'SQLite' }, ...(postgresSkip ? [] : [{ engine: 'PostgreSQL' }])]

/** Throughput of a first sync of 1,000 pages and the cost of re-syncing them unchanged (lexical index), per engine. */
describe.each(ENGINES)('sync throughput: a 1,000-page sitemap on $engine', ({ engine }) => {
  const schema = testSchemaName()
  let server: TestServer
  let site: LocalSite
  let app: { id: string; secret: string }
  let base: string
  let sourceId: string

  beforeAll(async () => {
    site = await startLocalSite()
    const paths = Array.from({ length: PAGES }, (_, index) => `/docs/page-${index}`)
    const words = ['kettle', 'warranty', 'refund', 'shipping', 'descale', 'filter', 'boil', 'lid', 'handle', 'cable', 'base', 'light']
    paths.forEach((path, index) => {
      const text = Array.from({ length: 6 }, (_, sentence) => `Page ${index} sentence ${sentence} explains the ${words[(index + sentence) % words.length]} and the ${words[(index * 7 + sentence) % words.length]} of model K-${index}.`).join(' ')
      site.set(path, htmlPage(`Page ${index}`, `${text}</p><h2>Details</h2><p>${text.split('').reverse().join('')}`))
    })
    site.sitemap(paths)
    const config = engine === 'PostgreSQL' ? { databaseUrl: `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}` } : {}
    server = await startTestServer({ config, server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, sources: { pollMs: 100 } } })
    app = await server.createApp()
    const kb = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Big site' } })
    base = `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}`
  })
  afterAll(async () => {
    await server?.close()
    await site?.close()
    if (engine === 'PostgreSQL') await dropSchemas([schema])
  })

  it('indexes 1,000 pages, then re-syncs them unchanged with 1,000 conditional requests and no re-indexing', async () => {
    const started = Date.now()
    const created = await server.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'sitemap', url: `${site.origin}/sitemap.xml`, maxPages: PAGES } })
    const first = await waitForRun(server, app.secret, base, created.body.id, created.body.lastRun.id, 240_000)
    const firstMs = Date.now() - started
    sourceId = created.body.id
    expect(first).toMatchObject({ status: 'done', added: PAGES, failed: 0 })

    const sample = (await server.rest('GET', `${base}/documents?limit=5`, { secret: app.secret })).body.documents as any[]
    const chunkIds = async () => Promise.all(sample.map(async (doc) => (await server.rest('GET', `${base}/documents/${doc.id}/chunks`, { secret: app.secret })).body.chunks.map((chunk: any) => chunk.id)))
    const before = await chunkIds()

    site.hits.length = 0
    const again = Date.now()
    const second = await syncNow(server, app.secret, base, sourceId)
    const secondMs = Date.now() - again
    expect(second).toMatchObject({ status: 'done', added: 0, updated: 0, deleted: 0, unchanged: PAGES, failed: 0 })
    const pageHits = site.hits.filter((hit) => hit.path.startsWith('/docs/'))
    expect(pageHits).toHaveLength(PAGES)
    expect(pageHits.every((hit) => hit.status === 304)).toBe(true)
    expect(await chunkIds()).toEqual(before)

    console.info(
      `sync throughput (${engine}, lexical, 2 shared cores): first sync ${PAGES} pages in ${firstMs} ms = ${Math.round((PAGES / firstMs) * 1000)} pages/s ` +
        `(run stats ${JSON.stringify(first.stats)}); no-change re-sync in ${secondMs} ms = ${Math.round((PAGES / secondMs) * 1000)} pages/s, ` +
        `${second.stats.total} requests, ${second.stats.notModified} answered 304, 0 pages parsed or re-indexed`,
    )
  }, 300_000)
})
