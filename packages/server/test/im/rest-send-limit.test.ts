// REST sends are rate-limited per app and sender, as the WebSocket limits each connection:
// a burst of rapid sends as one user gets 429 rate_limited with Retry-After, other senders and
// other apps are not affected, and after the wait the same sender goes through again.
import { WarblerServerApi } from '@warbler/sdk/server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
const text = (value: string) => ({ type: 'text' as const, text: value })

beforeAll(async () => {
  server = await startTestServer({ limits: { sendsPerSecond: 5, sendBurst: 10 } })
})
afterAll(async () => server?.close())

async function send(app: { id: string; secret: string }, from: string, to: string, body = text('hi')) {
  const response = await fetch(`${server.url}/api/v1/apps/${app.id}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, body }),
  })
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { seq?: number; error?: { code: string; message: string } } }
}

it('30 rapid REST sends as one user: the burst passes, the rest are 429 with Retry-After', async () => {
  const app = await server.createApp()
  await createUsers(server, app, ['alice', 'bob', 'carol'])
  const answers = await Promise.all(Array.from({ length: 30 }, () => send(app, 'alice', 'bob')))
  const passed = answers.filter((answer) => answer.status === 200)
  const refused = answers.filter((answer) => answer.status === 429)
  expect(passed.length).toBeGreaterThanOrEqual(10)
  expect(passed.length).toBeLessThan(15)
  expect(passed.length + refused.length).toBe(30)
  for (const answer of refused) {
    expect(answer.body.error?.code).toBe('rate_limited')
    expect(answer.body.error?.message).toMatch(/per sender/)
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1)
  }
  // Another sender of the same app, and the same user id in another app, are counted apart.
  expect((await send(app, 'carol', 'bob')).status).toBe(200)
  const other = await server.createApp('Other')
  await createUsers(server, other, ['alice', 'bob'])
  expect((await send(other, 'alice', 'bob')).status).toBe(200)
  // After Retry-After, alice sends again.
  await new Promise((resolve) => setTimeout(resolve, Number(refused[0]!.retryAfter) * 1000))
  expect((await send(app, 'alice', 'bob')).status).toBe(200)
}, 20_000)

it('the backend SDK throws rate_limited with the seconds to wait', async () => {
  const app = await server.createApp('SDK')
  await createUsers(server, app, ['dora', 'ed'])
  const api = new WarblerServerApi({ url: server.url, appId: app.id, secret: app.secret })
  const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => api.sendMessage({ from: 'dora', to: 'ed', body: text('hello') })))
  const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
  expect(refused.length).toBeGreaterThan(0)
  expect(refused[0]!.reason).toMatchObject({ name: 'WarblerError', code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } })
})
