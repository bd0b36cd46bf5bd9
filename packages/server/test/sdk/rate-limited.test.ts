// The SDK makes throttling visible: a `rate-limited` event for each refused attempt, and a send that
// gives up at its deadline because the server kept refusing it rejects with `rate_limited`.
import { WarblerClient, type RateLimitedSend } from '@warbler/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
let client: WarblerClient

beforeAll(async () => {
  server = await startTestServer({ limits: { sendsPerSecond: 2, sendBurst: 5 } })
  const app = await server.createApp()
  const tokens = await createUsers(server, app, ['alice', 'bob'])
  client = new WarblerClient({ url: server.url, token: tokens.alice!, sendTimeoutMs: 2500, requestTimeoutMs: 5000 })
  await client.connect()
})
afterAll(async () => {
  await client?.close()
  await server?.close()
})

it('40 rapid sends over one connection: rate-limited events, and the sends that give up say rate_limited', async () => {
  const conversation = await client.openDirect('bob')
  const notices: RateLimitedSend[] = []
  client.on('rate-limited', (notice) => void notices.push(notice))
  const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, index) => client.send(conversation.id, { type: 'text', text: `burst ${index}` })))
  const codes = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'ok' : (outcome.reason as { code: string }).code))
  expect(codes.filter((code) => code === 'ok').length).toBeGreaterThanOrEqual(5)
  expect(codes.filter((code) => code === 'rate_limited').length).toBeGreaterThan(0)
  expect(codes.every((code) => ['ok', 'rate_limited', 'send_timeout'].includes(code))).toBe(true)
  expect(notices.length).toBeGreaterThan(0)
  expect(notices[0]).toMatchObject({ conversationId: conversation.id, attempt: 1, retryInMs: expect.any(Number), error: { code: 'rate_limited' } })
}, 20_000)
