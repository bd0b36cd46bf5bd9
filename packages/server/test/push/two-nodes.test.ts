import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../src/storage/postgres/testing/postgres-test-database.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { BrowserSubscription, FakePushService } from './push-endpoint.js'

const skip = (await postgresSkipReason()) ?? (await redisSkipReason())
if (skip) console.warn(`push across two nodes skipped: ${skip}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

/** Two nodes on one PostgreSQL schema and one Redis bus: presence is cluster-wide, each push goes out once. */
describe.skipIf(skip !== undefined)('push across two nodes (PostgreSQL + Redis)', () => {
  const schema = testSchemaName()
  let dataDir: string
  let nodeA: TestServer
  let nodeB: TestServer
  let endpoint: FakePushService
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  const received = new Map<string, number>()
  let bob: BrowserSubscription

  beforeAll(async () => {
    endpoint = await FakePushService.start()
    endpoint.answer = (request) => {
      const { data } = JSON.parse(bob.decrypt(request.body))
      received.set(`${data.seq}@${data.conversationId}`, Date.now())
      return { status: 201 }
    }
    dataDir = mkdtempSync(join(tmpdir(), 'warbler-push-cluster-'))
    const config = {
      databaseUrl: `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}&pool_size=6`,
      redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}`,
    }
    const server = { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: { pollIntervalMs: 100 } }
    nodeA = await startTestServer({ dataDir, config, server })
    nodeB = await startTestServer({ dataDir, config, server })
    app = await nodeA.createApp()
    tokens = await createUsers(nodeA, app, ['alice', 'bob'])
    await nodeA.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { push: { collapseWindowMs: 0 } } })
    bob = new BrowserSubscription(`${endpoint.url}/push/bob`)
    const registered = await nodeB.rest('PUT', `/api/v1/apps/${app.id}/users/bob/push-targets/laptop`, { secret: app.secret, body: { provider: 'webpush', subscription: bob.toJSON() } })
    expect(registered.status).toBe(200)
  })
  afterAll(async () => {
    await nodeB?.close()
    await nodeA?.close()
    await endpoint?.close()
    await dropSchemas([schema])
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('does not push while the user is connected to the other node', async () => {
    const online = await RawClient.connect(nodeB.url, tokens.bob!)
    const sent = await nodeA.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', to: 'bob', body: { type: 'text', text: 'are you there?' } } })
    expect(sent.status).toBeLessThan(300)
    await sleep(600)
    expect(endpoint.requests).toHaveLength(0)
    online.close()
    await sleep(200)
  })

  it('sends exactly one push per message while both nodes work the outbox, and measures commit → provider request', async () => {
    const latencies: number[] = []
    const sends: { key: string; ts: number }[] = []
    const conversations: string[] = []
    for (let index = 0; index < 4; index++) {
      const group = await nodeA.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: `Room ${index}`, ownerId: 'alice', memberIds: ['bob'] } })
      conversations.push(group.body.id)
    }
    for (let index = 0; index < 60; index++) {
      const node = index % 2 === 0 ? nodeA : nodeB
      const sent = await node.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', conversationId: conversations[index % 4], body: { type: 'text', text: `message ${index}` } } })
      expect(sent.status).toBeLessThan(300)
      sends.push({ key: `${sent.body.seq}@${sent.body.conversationId}`, ts: sent.body.ts })
      await sleep(10)
    }
    await endpoint.waitFor('/push/bob', sends.length)
    // Time for a second push of any message to show up if a job were sent twice.
    await sleep(800)
    const requests = endpoint.to('/push/bob')
    const keys = requests.map((request) => {
      const data = JSON.parse(bob.decrypt(request.body)).data
      return `${data.seq}@${data.conversationId}`
    })
    expect(new Set(keys).size).toBe(keys.length)
    for (const { key, ts } of sends) {
      expect(keys).toContain(key)
      latencies.push(received.get(key)! - ts)
    }
    expect(requests).toHaveLength(sends.length)
    console.info(`push latency, message commit → Web Push request, two nodes: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (n=${latencies.length})`)
  })
})
