import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

const skip = await redisSkipReason()

/**
 * Two nodes on one SQLite file and one Redis bus: a reply streams from the node that stored the
 * question to a user connected to the other node, and that user's `bot.cancel` reaches the
 * streaming node through the bus.
 */
describe.skipIf(skip !== undefined)('bots across two nodes (Redis bus)', () => {
  let dataDir: string
  let provider: FakeOpenAIServer
  let nodeA: TestServer
  let nodeB: TestServer
  const clients: RawClient[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'warbler-bot-cluster-'))
    provider = await startFakeOpenAIServer()
    const config = { redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
    const bots = { outboundAllowlist: ['127.0.0.1'] }
    nodeA = await startTestServer({ dataDir, config, server: { bots } })
    nodeB = await startTestServer({ dataDir, config, server: { bots } })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await nodeB?.close()
    await nodeA?.close()
    await provider?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('streams to a user on the other node and cancels through the bus', async () => {
    const app = await nodeA.createApp()
    const tokens = await createUsers(nodeA, app, ['alice'])
    await nodeA.rest('POST', `/api/v1/apps/${app.id}/bots`, {
      secret: app.secret,
      body: { id: 'storyteller', name: 'Storyteller', provider: { baseUrl: provider.baseURL, model: 'fake-chat' } },
    })
    provider.script([{ chunks: Array.from({ length: 300 }, (_, index) => `w${index} `), tokenIntervalMs: 20 }])
    const alice = await RawClient.connect(nodeB.url, tokens.alice!)
    clients.push(alice)
    // the question is stored through node A, so node A's runtime answers it
    const sent = await nodeA.rest('POST', `/api/v1/apps/${app.id}/messages`, {
      secret: app.secret,
      body: { from: 'alice', to: 'storyteller', body: { type: 'text', text: 'Tell me a long story' } },
    })
    const message = await alice.waitFor((frame) => frame.type === 'event' && frame.senderId === 'storyteller' && frame.seq > sent.body.seq, 8_000)
    expect(message.status).toBe('streaming')
    await alice.waitFor((frame) => frame.type === 'message.delta' && frame.seq === message.seq, 8_000)
    const answer = await alice.request({ type: 'bot.cancel', conversationId: sent.body.conversationId, seq: message.seq })
    expect(answer.data).toMatchObject({ cancelled: false }) // forwarded: it streams on node A
    const final = await alice.waitFor((frame) => frame.type === 'event' && frame.kind === 'edit' && frame.targetSeq === message.seq, 8_000)
    expect(final.ext.cancelled).toBe(true)
    expect(final.body.text.startsWith('w0 ')).toBe(true)
    expect(final.body.text.length).toBeLessThan(300 * 4)
    // exactly one reply across both nodes
    await nodeA.server.context.botRuntime.idle()
    const history = (await alice.request({ type: 'history', conversationId: sent.body.conversationId, afterSeq: 0 })).data
    expect(history.events.filter((event: any) => event.kind === 'message' && event.senderId === 'storyteller')).toHaveLength(1)
  })
})
