import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from './helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from './helpers/test-server.js'

describe('IM core over a real server, WebSocket and SQLite file', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  const clients: RawClient[] = []
  const connect = async (user: string) => {
    const client = await RawClient.connect(server.url, tokens[user]!)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    // One test sends 120 REST messages as bob in a tight loop: more than the default burst of the
    // per-sender REST limit (100), so the burst is raised here.
    server = await startTestServer({ limits: { sendBurst: 200 } })
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice', 'bob', 'carol', 'dave'])
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await server.close()
  })

  it('exchanges direct messages in real time, one conversation per pair', async () => {
    const alice = await connect('alice')
    const bob = await connect('bob')
    const opened = await alice.request({ type: 'conversation.open-direct', peerId: 'bob' })
    const again = await bob.request({ type: 'conversation.open-direct', peerId: 'alice' })
    expect(opened.type).toBe('result')
    expect(opened.data).toMatchObject({ kind: 'direct', memberCount: 2 })
    expect(again.data.id).toBe(opened.data.id)
    const conversationId = opened.data.id

    const ack = await alice.sendMessage(conversationId, 'hi bob')
    expect(ack).toMatchObject({ type: 'ack', conversationId, seq: 1, duplicate: false })
    const [received] = await bob.events(conversationId, 1)
    expect(received).toMatchObject({ seq: 1, senderId: 'alice', kind: 'message', body: { type: 'text', text: 'hi bob' } })
    const reply = await bob.sendMessage(conversationId, '你好 alice 👋')
    expect(reply.seq).toBe(2)
    const aliceEvents = await alice.events(conversationId, 2)
    expect(aliceEvents.map((event) => event.seq)).toEqual([1, 2])
    expect(aliceEvents[1].body.text).toBe('你好 alice 👋')
  })

  it('fans a group message out to every member, and the ack comes before the echo', async () => {
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, {
      secret: app.secret,
      body: { name: 'Team', ownerId: 'alice', memberIds: ['bob', 'carol'] },
    })
    expect(group.status).toBe(201)
    const conversationId = group.body.id
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map(connect))
    const ack = await carol!.sendMessage(conversationId, 'hello team')
    const ackIndex = carol!.frames.indexOf(ack)
    for (const member of [alice!, bob!, carol!]) {
      const [event] = await member.events(conversationId, 1)
      expect(event).toMatchObject({ seq: 1, senderId: 'carol', body: { text: 'hello team' } })
    }
    const echo = carol!.frames.findIndex((frame) => frame.type === 'event' && frame.conversationId === conversationId)
    expect(echo).toBeGreaterThan(ackIndex)
    // dave is not a member: no event, and he cannot read or write it
    expect(dave!.frames.some((frame) => frame.conversationId === conversationId)).toBe(false)
    const refusedSend = await dave!.sendMessage(conversationId, 'let me in')
    expect(refusedSend).toMatchObject({ type: 'error', code: 'not_member' })
    const refusedHistory = await dave!.request({ type: 'history', conversationId, afterSeq: 0 })
    expect(refusedHistory).toMatchObject({ type: 'error', code: 'not_member' })
    const refusedGet = await dave!.request({ type: 'conversation.get', conversationId })
    expect(refusedGet).toMatchObject({ type: 'error', code: 'not_member' })
    const refusedRead = await dave!.request({ type: 'read', conversationId, seq: 1 })
    expect(refusedRead).toMatchObject({ type: 'error', code: 'not_member' })
  })

  it('delivers to every device of a user, including the sender’s other devices', async () => {
    const devices = await Promise.all([connect('alice'), connect('alice'), connect('alice')])
    const bob = await connect('bob')
    const conversationId = (await bob.request({ type: 'conversation.open-direct', peerId: 'alice' })).data.id
    const before = (await devices[0]!.request({ type: 'history', conversationId, afterSeq: 0, limit: 200 })).data.events.length
    await bob.sendMessage(conversationId, 'to all your devices')
    for (const device of devices) {
      const events = await device.events(conversationId, 1)
      expect(events.at(-1)).toMatchObject({ seq: before + 1, body: { text: 'to all your devices' } })
    }
    await devices[1]!.sendMessage(conversationId, 'from my phone')
    for (const device of [devices[0]!, devices[2]!, bob]) {
      await device.waitFor((frame) => frame.type === 'event' && frame.body?.text === 'from my phone')
    }
  })

  it('makes a resend with the same clientMsgId return the first ack and store nothing', async () => {
    const alice = await connect('alice')
    const conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: 'carol' })).data.id
    const first = await alice.sendMessage(conversationId, 'once', 'same-id-1')
    const second = await alice.sendMessage(conversationId, 'once', 'same-id-1')
    const third = await alice.sendMessage(conversationId, 'once, changed', 'same-id-1')
    expect(first).toMatchObject({ type: 'ack', duplicate: false })
    for (const resend of [second, third]) expect(resend).toMatchObject({ type: 'ack', seq: first.seq, ts: first.ts, duplicate: true })
    const page = (await alice.request({ type: 'history', conversationId, afterSeq: 0 })).data
    expect(page.events.filter((event: any) => event.clientMsgId === 'same-id-1')).toHaveLength(1)
    expect(page.events.at(-1).body.text).toBe('once')
  })

  it('fans a resent message out again, so a commit whose first fan-out was lost still reaches everyone', async () => {
    const alice = await connect('alice')
    const carol = await connect('carol')
    const conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: 'carol' })).data.id
    const first = await alice.sendMessage(conversationId, 'reach me', 'refan-1')
    await carol.waitFor((frame) => frame.type === 'event' && frame.seq === first.seq && frame.conversationId === conversationId)
    const again = await alice.sendMessage(conversationId, 'reach me', 'refan-1')
    expect(again).toMatchObject({ duplicate: true, seq: first.seq })
    await carol.waitFor(() => carol.frames.filter((frame) => frame.type === 'event' && frame.seq === first.seq && frame.conversationId === conversationId).length === 2)
  })

  it('lets an offline user catch up on connect through sync and history, and pages history both ways', async () => {
    const bob = await connect('bob')
    const conversationId = (await bob.request({ type: 'conversation.open-direct', peerId: 'dave' })).data.id
    // The app backend sends as bob (the per-connection rate limit would slow a WebSocket loop down).
    for (let index = 1; index <= 120; index++) {
      const sent = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, {
        secret: app.secret,
        body: { from: 'bob', conversationId, body: { type: 'text', text: `missed ${index}` } },
      })
      expect(sent.body.seq).toBe(index)
    }
    const dave = await connect('dave')
    const sync = await dave.request({ type: 'sync' })
    const cursor = sync.data.conversations.find((entry: any) => entry.conversationId === conversationId)
    expect(cursor).toEqual({ conversationId, kind: 'direct', lastSeq: 120, readSeq: 0 })
    const fromCursor = await dave.request({ type: 'sync', cursors: { [conversationId]: 100 } })
    expect(fromCursor.data.conversations.map((entry: any) => entry.conversationId)).toContain(conversationId)
    const upToDate = await dave.request({ type: 'sync', cursors: { [conversationId]: 120 } })
    expect(upToDate.data.conversations.map((entry: any) => entry.conversationId)).not.toContain(conversationId)

    const seen: number[] = []
    let afterSeq = 0
    for (;;) {
      const page = (await dave.request({ type: 'history', conversationId, afterSeq, limit: 50 })).data
      seen.push(...page.events.map((event: any) => event.seq))
      if (!page.hasMore) break
      afterSeq = page.events.at(-1).seq
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, index) => index + 1))

    const backwards: number[] = []
    let beforeSeq = 121
    for (;;) {
      const page = (await dave.request({ type: 'history', conversationId, beforeSeq, limit: 50 })).data
      backwards.unshift(...page.events.map((event: any) => event.seq))
      if (!page.hasMore) break
      beforeSeq = page.events[0].seq
    }
    expect(backwards).toEqual(seen)

    const read = await dave.request({ type: 'read', conversationId, seq: 100 })
    expect(read.data).toEqual({ conversationId, readSeq: 100 })
    const after = await dave.request({ type: 'sync' })
    expect(after.data.conversations.find((entry: any) => entry.conversationId === conversationId).readSeq).toBe(100)
  })
})
