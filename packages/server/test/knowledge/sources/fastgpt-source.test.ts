import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeFastGptLibrary } from '../../../../ai/src/knowledge/sources/testing/fake-fastgpt-library.js'
import { htmlPage, startLocalSite, type LocalSite } from '../../../../ai/src/knowledge/sources/testing/local-site.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { syncNow, waitForRun } from './source-fixture.js'

/** A FastGPT-contract file library and a failing sitemap, synced through a real server. */
describe('a fastgpt-api source and failing runs over REST', () => {
  let server: TestServer
  let site: LocalSite
  let library: ReturnType<typeof fakeFastGptLibrary>
  let app: { id: string; secret: string }
  let kbId: string
  let base: string
  const TOKEN = 'lib-token-do-not-show'

  beforeAll(async () => {
    library = fakeFastGptLibrary({ token: TOKEN, readBase: 'https://yuque.example.com' })
    site = await startLocalSite({ handler: (request, body) => library.handler(request, body) })
    library.put({ id: 'folder', parentId: null, name: 'HR', type: 'folder', updateTime: '2026-11-01T00:00:00.000Z' })
    library.put({ id: 'leave', parentId: 'folder', name: 'Leave.md', type: 'file', updateTime: '2026-11-01T00:00:00.000Z', content: '# 年假\n\n员工每年享有十五天带薪年假。' })
    server = await startTestServer({ server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, sources: { pollMs: 100 } } })
    app = await server.createApp()
    kbId = (await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'HR' } })).body.id
    base = `/api/v1/apps/${app.id}/knowledge-bases/${kbId}`
  })
  afterAll(async () => {
    await server?.close()
    await site?.close()
  })

  it('syncs the library with its bearer token, cites the reading link, and never shows the token', async () => {
    const created = await server.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'fastgpt-api', url: `${site.origin}/api`, token: TOKEN, everyMinutes: 60 } })
    expect(created.status).toBe(201)
    expect(created.body.hasToken).toBe(true)
    const run = await waitForRun(server, app.secret, base, created.body.id, created.body.lastRun.id)
    expect(run).toMatchObject({ status: 'done', added: 1 })
    const results = (await server.rest('POST', `${base}/search`, { secret: app.secret, body: { query: '带薪年假几天', topK: 3 } })).body.results
    expect(results[0]).toMatchObject({ title: 'Leave', sourceUrl: 'https://yuque.example.com/docs/leave' })
    const answers = [created, await server.rest('GET', `${base}/sources/${created.body.id}`, { secret: app.secret }), await server.rest('GET', `${base}/sources`, { secret: app.secret }), await server.rest('GET', `${base}/sources/${created.body.id}/runs`, { secret: app.secret })]
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(TOKEN)
    expect(await syncNow(server, app.secret, base, created.body.id)).toMatchObject({ unchanged: 1, added: 0 })
  })

  it('records a failed run in words, backs the schedule off, and resets it after a success', async () => {
    site.set('/sitemap.xml', { body: 'down for maintenance', status: 500, contentType: 'text/plain' })
    site.set('/page', htmlPage('Page', 'A page of the site.'))
    const created = await server.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'sitemap', url: `${site.origin}/sitemap.xml`, everyMinutes: 120 } })
    const failed = await waitForRun(server, app.secret, base, created.body.id, created.body.lastRun.id)
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 500/) })
    const after = (await server.rest('GET', `${base}/sources/${created.body.id}`, { secret: app.secret })).body
    expect(after.consecutiveFailures).toBe(1)
    expect(after.nextRunAt - Date.now()).toBeGreaterThan(14 * 60_000)
    expect(after.nextRunAt - Date.now()).toBeLessThan(15 * 60_000 + 12 * 60_000)
    site.sitemap(['/page'])
    expect(await syncNow(server, app.secret, base, created.body.id)).toMatchObject({ status: 'done', added: 1 })
    const healed = (await server.rest('GET', `${base}/sources/${created.body.id}`, { secret: app.secret })).body
    expect(healed.consecutiveFailures).toBe(0)
    expect(healed.nextRunAt - Date.now()).toBeGreaterThan(119 * 60_000)
  })

  it('drops the sources of a deleted knowledge base at their next run', async () => {
    const sources = (await server.rest('GET', `${base}/sources`, { secret: app.secret })).body.sources as any[]
    expect(sources).toHaveLength(2)
    expect((await server.rest('DELETE', base, { secret: app.secret })).status).toBe(200)
    const store = server.server.context.storage.knowledgeSources!
    for (const source of sources) await store.updateSource(app.id, source.id, { nextRunAt: Date.now() - 1 })
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await Promise.all(sources.map((source) => store.getSource(app.id, source.id)))).every((source) => source === undefined)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    for (const source of sources) expect(await store.getSource(app.id, source.id)).toBeUndefined()
  })
})
