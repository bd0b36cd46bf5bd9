import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlPage, startLocalSite, type LocalSite } from '../../../../ai/src/knowledge/sources/testing/local-site.js'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../../src/bus/redis/testing/redis-test-server.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../../src/storage/postgres/testing/postgres-test-database.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { waitForRun } from './source-fixture.js'

const skip = (await postgresSkipReason()) ?? (await redisSkipReason())
if (skip) console.warn(`knowledge sources across two nodes skipped: ${skip}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Two nodes on one PostgreSQL schema and one Redis bus: each due schedule is run once, by the lease holder. */
describe.skipIf(skip !== undefined)('scheduled source syncs across two nodes (PostgreSQL + Redis)', () => {
  const schema = testSchemaName()
  let dataDir: string
  let nodeA: TestServer
  let nodeB: TestServer
  let site: LocalSite
  let app: { id: string; secret: string }
  let base: string
  let sourceId: string

  beforeAll(async () => {
    site = await startLocalSite()
    site.set('/a', htmlPage('Alpha', 'Alpha pages describe the first product line.'))
    site.set('/b', htmlPage('Bravo', 'Bravo pages describe the second product line.'))
    site.sitemap(['/a', '/b'])
    dataDir = mkdtempSync(join(tmpdir(), 'warbler-sources-cluster-'))
    const config = {
      databaseUrl: `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}&pool_size=6`,
      redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}`,
    }
    const server = { webhooks: { outboundAllowlist: ['127.0.0.1'] }, sources: { pollMs: 100, leaseTtlMs: 1500 } }
    nodeA = await startTestServer({ dataDir, config, server })
    await sleep(300) // node A takes the kb-sources lease first
    nodeB = await startTestServer({ dataDir, config, server })
    app = await nodeA.createApp()
    const kb = await nodeA.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Products' } })
    base = `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}`
  })
  afterAll(async () => {
    await nodeB?.close()
    await nodeA?.close()
    await site?.close()
    await dropSchemas([schema])
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  /** Makes the source due now, as if its interval had passed. */
  const makeDue = async (node: TestServer) => {
    await node.server.context.storage.knowledgeSources!.updateSource(app.id, sourceId, { nextRunAt: Date.now() - 1 })
  }
  const scheduledRuns = async (node: TestServer) =>
    ((await node.rest('GET', `${base}/sources/${sourceId}/runs?limit=100`, { secret: app.secret })).body.runs as any[]).filter((run) => run.trigger === 'schedule')

  it('queues and runs each due schedule once although both nodes poll, and a sync asked on the other node runs too', async () => {
    const created = await nodeB.rest('POST', `${base}/sources`, { secret: app.secret, body: { kind: 'sitemap', url: `${site.origin}/sitemap.xml`, everyMinutes: 30 } })
    expect(created.status).toBe(201)
    sourceId = created.body.id
    expect(await waitForRun(nodeB, app.secret, base, sourceId, created.body.lastRun.id)).toMatchObject({ status: 'done', added: 2 })

    for (let round = 1; round <= 3; round++) {
      const sitemapReads = site.hits.filter((hit) => hit.path === '/sitemap.xml').length
      await makeDue(round % 2 === 0 ? nodeA : nodeB)
      let runs: any[] = []
      for (let attempt = 0; attempt < 100; attempt++) {
        runs = await scheduledRuns(nodeB)
        if (runs.length === round && runs.every((run) => run.status === 'done')) break
        await sleep(50)
      }
      await sleep(400) // both nodes polled several times more: still one run for this round
      expect(await scheduledRuns(nodeA)).toHaveLength(round)
      expect(runs[0]).toMatchObject({ status: 'done', unchanged: 2 })
      expect(site.hits.filter((hit) => hit.path === '/sitemap.xml').length).toBe(sitemapReads + 1)
    }
    const source = await nodeA.rest('GET', `${base}/sources/${sourceId}`, { secret: app.secret })
    // The next run is one interval (plus the source's spread) away.
    expect(source.body.nextRunAt).toBeGreaterThan(Date.now() + 29 * 60_000)
  })

  it('moves the schedule to the other node when the holder stops', async () => {
    await nodeA.close()
    site.set('/b', htmlPage('Bravo', 'Bravo pages now describe the third product line.'))
    await makeDue(nodeB)
    let runs: any[] = []
    for (let attempt = 0; attempt < 200; attempt++) {
      runs = await scheduledRuns(nodeB)
      if (runs.length === 4 && runs[0].status === 'done') break
      await sleep(50)
    }
    expect(runs).toHaveLength(4)
    expect(runs[0]).toMatchObject({ status: 'done', updated: 1, unchanged: 1 })
  })
})
