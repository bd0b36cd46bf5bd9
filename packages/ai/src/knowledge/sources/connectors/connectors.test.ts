import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AddressPolicy } from '../../../net/address-policy.js'
import { DEFAULT_DOCUMENT_LIMITS } from '../../parse/document-limits.js'
import { KnowledgeService } from '../../knowledge-service.js'
import { SqliteKnowledgeStore } from '../../store/sqlite/sqlite-knowledge-store.js'
import { createConnector, validateSourceSettings, type SourceKind, type SourceSettings } from '../create-connector.js'
import { parseRobots } from '../robots.js'
import { runSync } from '../run-sync.js'
import { SourceHttp } from '../source-http.js'
import { SyncedDocuments } from '../synced-documents.js'
import { fakeFastGptLibrary } from '../testing/fake-fastgpt-library.js'
import { siteConnector } from './site-connector.js'
import { sitemapConnector } from './sitemap-connector.js'
import { startLocalSite, type LocalSite } from '../testing/local-site.js'
import { MemorySyncState } from '../testing/memory-sync-state.js'

const policy = new AddressPolicy(['127.0.0.1'])
const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()))
})

async function setup(site: LocalSite) {
  const store = new SqliteKnowledgeStore(new Database(':memory:'), { useSqliteVec: false })
  const knowledge = new KnowledgeService({ store })
  await knowledge.start()
  closing.push(() => knowledge.stop(), () => site.close())
  const kbId = (await knowledge.createKnowledgeBase('app_1', { name: 'Sources' })).id
  const kb = (await store.getKnowledgeBase('app_1', kbId))!
  const documents = new SyncedDocuments({ store, limits: DEFAULT_DOCUMENT_LIMITS })
  const state = new MemorySyncState()
  const sync = (kind: SourceKind, settings: SourceSettings, token?: string, checkpoint?: string) =>
    runSync({ sourceId: 'src_1', kb, connector: createConnector(kind, settings, token ? { token } : {}), http: new SourceHttp({ policy }), state, documents, ...(checkpoint ? { checkpoint } : {}) })
  const search = async (query: string) => (await knowledge.search('app_1', kbId, { query, topK: 5 })).results
  return { sync, search, state }
}

describe('the fastgpt-api connector', () => {
  it('syncs a service implementing the three-endpoint contract: tree walk, content, reading links, updates and deletes', async () => {
    let library!: ReturnType<typeof fakeFastGptLibrary>
    const site = await startLocalSite({ handler: (request, body) => library.handler(request, body) })
    library = fakeFastGptLibrary({ token: 'lib-secret', readBase: 'https://wiki.example.com' })
    library.put({ id: 'f1', parentId: null, name: 'Handbook', type: 'folder', updateTime: '2026-11-01T00:00:00.000Z' })
    library.put({ id: 'd1', parentId: 'f1', name: 'Leave.md', type: 'file', updateTime: '2026-11-01T00:00:00.000Z', content: '# Leave\n\nEmployees get 25 days of paid leave.' })
    library.put({ id: 'd2', parentId: null, name: 'Expenses.md', type: 'file', updateTime: '2026-11-02T00:00:00.000Z', content: '# Expenses\n\nTaxi receipts are reimbursed monthly.' })
    const { sync, search, state } = await setup(site)
    const settings = { url: `${site.origin}/api` }

    const first = await sync('fastgpt-api', settings, 'lib-secret')
    expect(first).toMatchObject({ added: 2, failed: 0 })
    expect(site.hits.every((hit) => hit.authorization === 'Bearer lib-secret')).toBe(true)
    const [leave] = await search('paid leave days')
    expect(leave).toMatchObject({ title: 'Leave', sourceUrl: 'https://wiki.example.com/docs/d1' })

    site.hits.length = 0
    expect(await sync('fastgpt-api', settings, 'lib-secret')).toMatchObject({ added: 0, updated: 0, unchanged: 2 })
    expect(site.hits.some((hit) => hit.path.startsWith('/api/v1/file/content'))).toBe(false)

    library.put({ id: 'd1', parentId: 'f1', name: 'Leave.md', type: 'file', updateTime: '2026-12-01T00:00:00.000Z', content: '# Leave\n\nEmployees get 28 days of paid leave.' })
    library.remove('d2')
    expect(await sync('fastgpt-api', settings, 'lib-secret')).toMatchObject({ updated: 1, deleted: 1, unchanged: 0 })
    expect((await search('paid leave days'))[0]?.text).toContain('28 days')
    expect(await search('taxi receipts')).toHaveLength(0)
    expect([...state.map.keys()]).toEqual(['d1'])
  })

  it('downloads a file given by previewUrl through the guarded client and parses it by its type', async () => {
    let library!: ReturnType<typeof fakeFastGptLibrary>
    const site = await startLocalSite({ handler: (request, body) => library.handler(request, body) })
    library = fakeFastGptLibrary({ token: 't', readBase: 'https://wiki.example.com' })
    site.set('/files/policy.md', { body: '# Travel policy\n\nTrains are booked in second class.', contentType: 'text/markdown' })
    library.put({ id: 'p1', parentId: null, name: 'Travel.md', type: 'file', updateTime: '2026-11-01T00:00:00.000Z', previewUrl: `${site.origin}/files/policy.md` })
    const { sync, search } = await setup(site)
    expect(await sync('fastgpt-api', { url: `${site.origin}/api` }, 't')).toMatchObject({ added: 1, failed: 0 })
    expect((await search('trains second class'))[0]).toMatchObject({ title: 'Travel', sourceUrl: 'https://wiki.example.com/docs/p1' })
    // The download link is an ordinary outbound request: no bearer token goes to it.
    expect(site.hits.find((hit) => hit.path === '/files/policy.md')?.authorization).toBeUndefined()
  })

  it('fails the run with the library’s refusal when the token is wrong, naming no secret', async () => {
    let library!: ReturnType<typeof fakeFastGptLibrary>
    const site = await startLocalSite({ handler: (request, body) => library.handler(request, body) })
    library = fakeFastGptLibrary({ token: 'right', readBase: 'https://wiki.example.com' })
    const { sync } = await setup(site)
    const error = await sync('fastgpt-api', { url: `${site.origin}/api` }, 'wrong').catch((caught: Error) => caught)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/HTTP 401/)
    expect((error as Error).message).not.toContain('wrong')
  })
})

describe('feeds', () => {
  const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>News</title>${items}</channel></rss>`
  const item = (id: string, title: string, text: string, date: string) =>
    `<item><guid>${id}</guid><title>${title}</title><link>https://news.example.com/${id}</link><pubDate>${date}</pubDate><content:encoded><![CDATA[<p>${text}</p>]]></content:encoded></item>`

  it('indexes RSS entries with their links, skips unchanged entries and keeps entries that scrolled off', async () => {
    const site = await startLocalSite()
    site.set('/feed.xml', { body: rss(item('n1', 'Launch', 'The new kettle launches in March.', 'Mon, 01 Dec 2026 10:00:00 GMT') + item('n2', 'Sale', 'Winter sale starts Friday.', 'Tue, 02 Dec 2026 10:00:00 GMT')), contentType: 'application/rss+xml' })
    const { sync, search, state } = await setup(site)
    const first = await sync('rss', { url: `${site.origin}/feed.xml` })
    expect(first).toMatchObject({ added: 2 })
    expect((await search('kettle launches'))[0]?.sourceUrl).toBe('https://news.example.com/n1')
    expect(await sync('rss', { url: `${site.origin}/feed.xml` }, undefined, first.nextCheckpoint)).toMatchObject({ unchanged: 2, added: 0 })
    site.set('/feed.xml', { body: rss(item('n3', 'Recall', 'No recall this year.', 'Wed, 03 Dec 2026 10:00:00 GMT')), contentType: 'application/rss+xml' })
    expect(await sync('rss', { url: `${site.origin}/feed.xml` })).toMatchObject({ added: 1, deleted: 0 })
    expect(state.map.size).toBe(3)
  })

  it('reads Atom entries', async () => {
    const site = await startLocalSite()
    site.set('/atom.xml', {
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><entry><id>urn:e1</id><title>Descaling</title><link rel="alternate" href="https://blog.example.com/descaling"/><updated>2026-12-01T00:00:00Z</updated><content type="html">&lt;p&gt;Descale the kettle with citric acid.&lt;/p&gt;</content></entry></feed>`,
      contentType: 'application/atom+xml',
    })
    const { sync, search } = await setup(site)
    expect(await sync('atom', { url: `${site.origin}/atom.xml` })).toMatchObject({ added: 1 })
    expect((await search('descale citric acid'))[0]).toMatchObject({ title: 'Descaling', sourceUrl: 'https://blog.example.com/descaling' })
  })
})

describe('robots.txt', () => {
  it('uses the group of our agent, the longest rule, Allow on ties, wildcards and $', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /\n\nUser-agent: WarblerKnowledgeBot\nDisallow: /admin\nAllow: /admin/help\nDisallow: /*.pdf$\nCrawl-delay: 2\nSitemap: https://x.example/sitemap.xml')
    expect(rules.allows('https://x.example/docs')).toBe(true)
    expect(rules.allows('https://x.example/admin/users')).toBe(false)
    expect(rules.allows('https://x.example/admin/help/faq')).toBe(true)
    expect(rules.allows('https://x.example/files/a.pdf')).toBe(false)
    expect(rules.allows('https://x.example/files/a.pdf?x=1')).toBe(true)
    expect(rules.crawlDelaySeconds).toBe(2)
    expect(rules.sitemaps).toEqual(['https://x.example/sitemap.xml'])
    expect(parseRobots('User-agent: *\nDisallow: /private').allows('https://x.example/private/a')).toBe(false)
  })

  it('keeps a sitemap source out of paths robots.txt disallows', async () => {
    const site = await startLocalSite()
    site.set('/robots.txt', { body: 'User-agent: *\nDisallow: /internal/', contentType: 'text/plain' })
    site.set('/public', '<html><head><title>Public</title></head><body><p>Open to all.</p></body></html>')
    site.set('/internal/plan', '<html><head><title>Plan</title></head><body><p>Secret plan.</p></body></html>')
    site.sitemap(['/public', '/internal/plan'])
    const { sync } = await setup(site)
    expect(await sync('sitemap', { url: `${site.origin}/sitemap.xml` })).toMatchObject({ added: 1 })
    expect(site.hits.some((hit) => hit.path.startsWith('/internal'))).toBe(false)
  })
})

describe('safety against false deletions', () => {
  it('fails the run, removing nothing, when robots.txt is unreachable, the start page is gone or the sitemap lists nothing', async () => {
    const site = await startLocalSite()
    site.set('/', '<html><head><title>Home</title></head><body><p>Home page.</p><a href="/a">a</a></body></html>')
    site.set('/a', '<html><head><title>A</title></head><body><p>Page A.</p></body></html>')
    site.sitemap(['/', '/a'])
    const { sync, state } = await setup(site)
    expect(await sync('site', { url: `${site.origin}/` })).toMatchObject({ added: 2 })
    site.set('/robots.txt', { body: 'down', status: 503, contentType: 'text/plain' })
    await expect(sync('site', { url: `${site.origin}/` })).rejects.toThrow(/robots\.txt .* could not be read/)
    site.remove('/robots.txt')
    site.remove('/')
    await expect(sync('site', { url: `${site.origin}/` })).rejects.toThrow(/start page .* nothing was removed/)
    expect(state.map.size).toBe(2)
    site.sitemap([])
    await expect(sync('sitemap', { url: `${site.origin}/sitemap.xml` })).rejects.toThrow(/lists no pages/)
    expect(state.map.size).toBe(2)
  })
})

describe('batches', () => {
  it('walks a large listing batch by batch, so pages are written before more are read, and deletes once at the end', async () => {
    const site = await startLocalSite()
    const paths = ['/1', '/2', '/3', '/4', '/5']
    for (const path of paths) site.set(path, `<html><head><title>P${path}</title></head><body><p>Page ${path} <a href="${path}0">next</a></p></body></html>`)
    site.sitemap(paths)
    const store = new SqliteKnowledgeStore(new Database(':memory:'), { useSqliteVec: false })
    await store.migrate()
    await store.createKnowledgeBase({ id: 'kb_1', appId: 'app_1', name: 'Batches', settings: { targetTokens: 80, overlapTokens: 20, maxTokens: 400 }, createdAt: new Date().toISOString() })
    const kb = (await store.getKnowledgeBase('app_1', 'kb_1'))!
    const documents = new SyncedDocuments({ store, limits: DEFAULT_DOCUMENT_LIMITS })
    closing.push(() => site.close())
    const counted = (connector: ReturnType<typeof sitemapConnector>) => {
      const calls: (string | undefined)[] = []
      return { calls, connector: { ...connector, listChanges: (checkpoint: string | undefined, context: Parameters<typeof connector.listChanges>[1]) => (calls.push(checkpoint), connector.listChanges(checkpoint, context)) } }
    }
    const state = new MemorySyncState()
    const run = (connector: SourceConnectorLike, checkpoint?: string) =>
      runSync({ sourceId: 'src_1', kb, connector, http: new SourceHttp({ policy }), state, documents, ...(checkpoint ? { checkpoint } : {}) })

    const first = counted(sitemapConnector({ url: `${site.origin}/sitemap.xml`, batchSize: 2 }))
    const result = await run(first.connector)
    expect(result).toMatchObject({ added: 5, deleted: 0 })
    expect(first.calls).toHaveLength(3)
    expect(JSON.parse(result.nextCheckpoint!).cursor).toBeUndefined()

    site.sitemap(['/1', '/2', '/4', '/5'])
    const second = counted(sitemapConnector({ url: `${site.origin}/sitemap.xml`, batchSize: 2 }))
    expect(await run(second.connector, result.nextCheckpoint)).toMatchObject({ added: 0, deleted: 1, unchanged: 4 })
    expect(second.calls).toHaveLength(2)

    const crawlState = new MemorySyncState()
    site.set('/', `<html><body><p>Home</p>${paths.map((path) => `<a href="${path}">${path}</a>`).join('')}</body></html>`)
    const crawl = await runSync({ sourceId: 'src_2', kb, connector: siteConnector({ url: `${site.origin}/`, depth: 1, batchSize: 2 }), http: new SourceHttp({ policy }), state: crawlState, documents })
    expect(crawl).toMatchObject({ added: 6, failed: 0 })
    expect(crawlState.map.size).toBe(6)
  })
})

type SourceConnectorLike = Parameters<typeof runSync>[0]['connector']

describe('Crawl-delay', () => {
  it('spaces a crawl’s requests as robots.txt asks, however many pages are read at once', async () => {
    const site = await startLocalSite()
    site.set('/robots.txt', { body: 'User-agent: *\nCrawl-delay: 0.15', contentType: 'text/plain' })
    site.set('/', '<html><body><p>Home</p><a href="/a">a</a><a href="/b">b</a><a href="/c">c</a></body></html>')
    for (const path of ['/a', '/b', '/c']) site.set(path, `<html><body><p>Page ${path}</p></body></html>`)
    const { sync } = await setup(site)
    expect(await sync('site', { url: `${site.origin}/`, depth: 1 })).toMatchObject({ added: 4 })
    const times = site.hits.filter((hit) => hit.path !== '/robots.txt').map((hit) => hit.at).sort((a, b) => a - b)
    expect(times).toHaveLength(4)
    // Requests at least 150 ms apart (a few ms of timer slack allowed).
    for (let index = 1; index < times.length; index++) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(140)
  })
})

describe('limits and patterns', () => {
  it('keeps a crawl within maxPages and a sitemap within its include/exclude patterns', async () => {
    const site = await startLocalSite()
    site.set('/', '<html><body><p>Home</p><a href="/docs/a">a</a><a href="/docs/b">b</a><a href="/blog/c">c</a></body></html>')
    for (const path of ['/docs/a', '/docs/b', '/docs/old/x', '/blog/c']) site.set(path, `<html><head><title>${path}</title></head><body><p>Page ${path}</p></body></html>`)
    site.sitemap(['/docs/a', '/docs/b', '/docs/old/x', '/blog/c'])
    const { sync, state } = await setup(site)
    expect(await sync('site', { url: `${site.origin}/`, depth: 3, maxPages: 2 })).toMatchObject({ added: 2 })
    expect(site.hits.filter((hit) => hit.path !== '/robots.txt')).toHaveLength(2)
    state.map.clear()
    site.hits.length = 0
    const result = await sync('sitemap', { url: `${site.origin}/sitemap.xml`, include: [`${site.origin}/docs/*`], exclude: ['*/old/*'] })
    expect(result).toMatchObject({ added: 2 })
    expect([...state.map.keys()].sort()).toEqual([`${site.origin}/docs/a`, `${site.origin}/docs/b`])
    expect(site.hits.some((hit) => hit.path === '/blog/c' || hit.path === '/docs/old/x')).toBe(false)
  })

  it('refuses bad settings with the field named', () => {
    expect(() => validateSourceSettings('ftp', { url: 'https://x.example' })).toThrow(/kind must be one of/)
    expect(() => validateSourceSettings('site', { url: 'file:///etc/passwd' })).toThrow(/http or https/)
    expect(() => validateSourceSettings('site', { url: 'https://user:pw@x.example' })).toThrow(/token/)
    expect(() => validateSourceSettings('site', { url: 'https://x.example', depth: 9 })).toThrow(/depth/)
    expect(() => validateSourceSettings('site', { url: 'https://x.example', maxPages: 5000 })).toThrow(/maxPages/)
    expect(validateSourceSettings('sitemap', { url: 'https://x.example/sitemap.xml', maxPages: 5000 }).settings).toEqual({ url: 'https://x.example/sitemap.xml', maxPages: 5000 })
  })
})
