import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlPage, startLocalSite, type LocalSite } from '../../../../ai/src/knowledge/sources/testing/local-site.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { syncNow, waitForRun } from './source-fixture.js'

/** A local site with a sitemap, synced through the REST API of a real server. */
describe('a sitemap source over REST', () => {
  let server: TestServer
  let site: LocalSite
  let app: { id: string; secret: string }
  let other: { id: string; secret: string }
  let base: string
  let sourceId: string
  const hooks: { type: string; data: any }[] = []
  const paths = ['/refunds', '/shipping', '/warranty', '/contact']

  beforeAll(async () => {
    site = await startLocalSite({
      handler: (request, body) => {
        if (request.url !== '/hook') return undefined
        hooks.push(JSON.parse(body))
        return { status: 200, text: 'ok' }
      },
    })
    server = await startTestServer({ server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, sources: { pollMs: 100 } } })
    app = await server.createApp()
    other = await server.createApp('Other')
    await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${site.origin}/hook`, events: ['knowledge.source_synced'] } })
    const kb = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Help site' } })
    base = `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}`
    site.set('/refunds', htmlPage('Refunds', 'Refunds are paid within thirty days of the purchase.'))
    site.set('/shipping', htmlPage('Shipping', 'Parcels ship from Rotterdam every weekday morning.'))
    site.set('/warranty', htmlPage('Warranty', 'The kettle has a warranty of two years.'))
    site.set('/contact', htmlPage('Contact', 'Call the help desk between nine and five.'))
    site.sitemap(paths)
  })
  afterAll(async () => {
    await server?.close()
    await site?.close()
  })

  const search = async (query: string) => (await server.rest('POST', `${base}/search`, { secret: app.secret, body: { query, topK: 10 } })).body.results as any[]

  it('adds every page on the first sync, with the page URL to cite, and fires knowledge.source_synced', async () => {
    const created = await server.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'sitemap', url: `${site.origin}/sitemap.xml`, everyMinutes: 60 } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ kind: 'sitemap', everyMinutes: 60, status: 'active', hasToken: false, lastRun: { status: 'queued' } })
    sourceId = created.body.id
    const run = await waitForRun(server, app.secret, base, sourceId, created.body.lastRun.id)
    expect(run).toMatchObject({ status: 'done', progress: 1, added: 4, updated: 0, deleted: 0, unchanged: 0, failed: 0, errors: [] })
    const [hit] = await search('parcels Rotterdam weekday')
    expect(hit).toMatchObject({ title: 'Shipping', sourceUrl: `${site.origin}/shipping` })
    for (let attempt = 0; attempt < 100 && hooks.length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(hooks[0]).toMatchObject({ type: 'knowledge.source_synced', data: { sourceId, runId: run.id, status: 'done', added: 4 } })
  })

  it('reports every page unchanged on a re-sync, having sent conditional requests that answered 304', async () => {
    site.hits.length = 0
    const run = await syncNow(server, app.secret, base, sourceId)
    expect(run).toMatchObject({ status: 'done', added: 0, updated: 0, deleted: 0, unchanged: 4, failed: 0 })
    const pageHits = site.hits.filter((hit) => paths.includes(hit.path))
    expect(pageHits.map((hit) => hit.status)).toEqual([304, 304, 304, 304])
    expect(pageHits.every((hit) => hit.ifNoneMatch && hit.ifModifiedSince)).toBe(true)
    expect(run.stats).toMatchObject({ notModified: 5 })
    const metrics = (await server.rest('GET', '/metrics')).body as string
    expect(metrics).toMatch(/warbler_knowledge_source_runs_total\{status="done"\} 2/)
    expect(metrics).toMatch(/warbler_knowledge_source_items_total\{outcome="unchanged"\} 4/)
    expect(metrics).toMatch(/warbler_knowledge_source_requests_total\{kind="not_modified"\} 5/)
  })

  it('updates the one edited page alone, under the same document id', async () => {
    const documents = async () => ((await server.rest('GET', `${base}/documents`, { secret: app.secret })).body.documents as any[]).map((doc) => [doc.id, doc.title, doc.source.url])
    const before = await documents()
    site.set('/warranty', htmlPage('Warranty', 'The kettle now has a warranty of five years.'))
    const run = await syncNow(server, app.secret, base, sourceId)
    expect(run).toMatchObject({ added: 0, updated: 1, deleted: 0, unchanged: 3, failed: 0 })
    expect((await search('kettle warranty years'))[0]?.text).toContain('five years')
    expect(await documents()).toEqual(before)
  })

  it('deletes the one page removed from the sitemap, which is no longer retrieved', async () => {
    expect((await search('parcels Rotterdam weekday')).length).toBeGreaterThan(0)
    site.remove('/shipping')
    site.sitemap(paths.filter((path) => path !== '/shipping'))
    const run = await syncNow(server, app.secret, base, sourceId)
    expect(run).toMatchObject({ added: 0, updated: 0, deleted: 1, unchanged: 3, failed: 0 })
    expect((await search('parcels Rotterdam weekday')).some((result) => result.sourceUrl?.endsWith('/shipping'))).toBe(false)
    const runs = await server.rest('GET', `${base}/sources/${sourceId}/runs`, { secret: app.secret })
    expect(runs.body.runs.map((entry: any) => [entry.added, entry.updated, entry.deleted, entry.unchanged])).toEqual([[0, 0, 1, 3], [0, 1, 0, 3], [0, 0, 0, 4], [4, 0, 0, 0]])
    expect(runs.body.runs[0]).toMatchObject({ status: 'done', startedAt: expect.any(Number), failed: 0 })
    const items = await server.rest('GET', `${base}/sources/${sourceId}/items`, { secret: app.secret })
    expect(items.body.total).toBe(3)
    expect(items.body.items.map((item: any) => item.url).sort()).toEqual(['/contact', '/refunds', '/warranty'].map((path) => `${site.origin}${path}`))
    expect(items.body.items.every((item: any) => item.documentId && item.etag && item.missingCount === 0)).toBe(true)
  })

  it('keeps curation on unchanged text across re-syncs and flags it when its passage changed', async () => {
    const docs = (await server.rest('GET', `${base}/documents`, { secret: app.secret })).body.documents as any[]
    const refunds = docs.find((doc) => doc.title === 'Refunds')
    const contact = docs.find((doc) => doc.title === 'Contact')
    const [refundChunk] = (await server.rest('GET', `${base}/documents/${refunds.id}/chunks`, { secret: app.secret })).body.chunks
    const [contactChunk] = (await server.rest('GET', `${base}/documents/${contact.id}/chunks`, { secret: app.secret })).body.chunks
    const edit = await server.rest('POST', `${base}/curations`, { secret: app.secret, body: { documentId: refunds.id, chunkId: refundChunk.id, action: 'edit', text: 'Refunds are paid within thirty days; store credit within one day.' } })
    expect(edit.status).toBe(201)
    const pin = await server.rest('POST', `${base}/curations`, { secret: app.secret, body: { documentId: refunds.id, action: 'pin', question: 'Do you refund shipping costs?', answer: 'Yes, shipping costs are refunded too.' } })
    expect(pin.status).toBe(201)
    const off = await server.rest('POST', `${base}/curations`, { secret: app.secret, body: { documentId: contact.id, chunkId: contactChunk.id, action: 'disable' } })
    expect(off.status).toBe(201)
    expect((await search('store credit one day'))[0]?.text).toContain('store credit')
    expect((await search('help desk nine five')).some((result) => result.documentId === contact.id)).toBe(false)

    // Unchanged pages: a re-sync leaves every curation in force.
    expect(await syncNow(server, app.secret, base, sourceId)).toMatchObject({ unchanged: 3, updated: 0 })
    expect((await search('store credit one day'))[0]?.text).toContain('store credit')
    expect((await search('refund shipping costs'))[0]?.text).toContain('shipping costs are refunded')
    expect((await search('help desk nine five')).some((result) => result.documentId === contact.id)).toBe(false)

    // The disabled passage changed: it is indexed again and flagged for review; the untouched refund page keeps its edit.
    site.set('/contact', htmlPage('Contact', 'Call the help desk between eight and six.'))
    expect(await syncNow(server, app.secret, base, sourceId)).toMatchObject({ updated: 1, unchanged: 2 })
    const review = await server.rest('GET', `${base}/curations?needsReview=true`, { secret: app.secret })
    expect(review.body.curations).toEqual([expect.objectContaining({ id: off.body.id, action: 'disable', needsReview: true })])
    expect((await search('help desk eight six'))[0]?.documentId).toBe(contact.id)
    expect((await search('store credit one day'))[0]?.text).toContain('store credit')
  })

  it('pauses, resumes, refuses other apps, and deletes a source with its documents', async () => {
    expect((await server.rest('GET', `${base}/sources`, { secret: other.secret })).status).toBe(401)
    const otherBase = base.replace(app.id, other.id)
    expect((await server.rest('GET', `${otherBase}/sources/${sourceId}`, { secret: other.secret })).status).toBe(404)
    const paused = await server.rest('PATCH', `${base}/sources/${sourceId}`, { secret: app.secret, body: { status: 'paused' } })
    expect(paused.body).toMatchObject({ status: 'paused' })
    const refused = await server.rest('POST', `${base}/sources/${sourceId}/sync`, { secret: app.secret })
    expect(refused.status).toBe(409)
    expect((await server.rest('PATCH', `${base}/sources/${sourceId}`, { secret: app.secret, body: { status: 'active' } })).body).toMatchObject({ status: 'active' })
    const bad = await server.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'sitemap', url: 'ftp://example.com/x', everyMinutes: 1 } })
    expect(bad.status).toBe(400)
    const deleted = await server.rest('DELETE', `${base}/sources/${sourceId}`, { secret: app.secret })
    expect(deleted.body).toMatchObject({ deleted: true, documents: 3 })
    expect((await server.rest('GET', `${base}/documents`, { secret: app.secret })).body.documents).toEqual([])
    expect(await search('refunds thirty days')).toEqual([])
  })
})
