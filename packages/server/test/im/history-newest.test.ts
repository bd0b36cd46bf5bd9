// history() as app developers expect it: no cursor gives the newest page, `limit` counts messages
// (edits, reactions and recalls fold into the message they change), and pages go both ways.
// Over the SDK (WebSocket) and the REST API, against a real server.
import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
let app: { id: string; secret: string }
let alice: WarblerClient
let conversationId: string
const text = (value: string) => ({ type: 'text' as const, text: value })

beforeAll(async () => {
  server = await startTestServer()
  app = await server.createApp()
  const tokens = await createUsers(server, app, ['alice', 'bob'])
  alice = new WarblerClient({ url: server.url, token: tokens.alice!, requestTimeoutMs: 5000 })
  await alice.connect()
  conversationId = (await alice.openDirect('bob')).id
  // 12 messages; each of the last six is edited and reacted to, so the log holds 24 events.
  for (let index = 1; index <= 12; index += 1) {
    const { seq } = await alice.send(conversationId, text(`m${index}`))
    if (index > 6) {
      await alice.messages.edit(conversationId, seq, text(`m${index} (edited)`))
      await alice.messages.react(conversationId, seq, '👍')
    }
  }
})
afterAll(async () => {
  await alice?.close()
  await server?.close()
})

it('with no cursor, history() is the newest page and `limit` counts messages', async () => {
  const page = await alice.history(conversationId, { limit: 5 })
  expect(page.messages.map((message) => message.body && 'text' in message.body && message.body.text)).toEqual(['m8 (edited)', 'm9 (edited)', 'm10 (edited)', 'm11 (edited)', 'm12 (edited)'])
  expect(page.messages.every((message) => message.reactions?.['👍']?.includes('alice'))).toBe(true)
  expect(page.hasMore).toBe(true)
})

it('pages back with beforeSeq and forward with afterSeq, each message once', async () => {
  const backward: string[] = []
  let page = await alice.history(conversationId, { limit: 5 })
  backward.unshift(...page.messages.map((message) => String(message.seq)))
  while (page.hasMore) {
    page = await alice.history(conversationId, { beforeSeq: page.events[0]!.seq, limit: 5 })
    expect(page.messages.length).toBeLessThanOrEqual(5)
    backward.unshift(...page.messages.map((message) => String(message.seq)))
  }
  const forward: string[] = []
  page = await alice.history(conversationId, { afterSeq: 0, limit: 5 })
  expect(page.messages).toHaveLength(5)
  forward.push(...page.messages.map((message) => String(message.seq)))
  while (page.hasMore) {
    page = await alice.history(conversationId, { afterSeq: page.events.at(-1)!.seq, limit: 5 })
    forward.push(...page.messages.map((message) => String(message.seq)))
  }
  expect(backward).toHaveLength(12)
  expect(forward).toEqual(backward)
})

it('the REST history of an app backend answers the same way', async () => {
  const newest = await server.rest('GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?limit=3`, { secret: app.secret })
  expect(newest.status).toBe(200)
  const messages = newest.body.events.filter((event: { kind: string }) => event.kind === 'message')
  expect(messages.map((event: { body: { text: string } }) => event.body.text)).toEqual(['m10 (edited)', 'm11 (edited)', 'm12 (edited)'])
  expect(newest.body.hasMore).toBe(true)
  const oldest = await server.rest('GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?afterSeq=0&limit=3`, { secret: app.secret })
  expect(oldest.body.events.map((event: { body: { text: string } }) => event.body.text)).toEqual(['m1', 'm2', 'm3'])
})
