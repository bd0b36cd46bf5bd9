import { WarblerError } from '@warbler/protocol'
import { WebSocket as NodeWebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerClient } from './client.js'
import type { WarblerClientOptions } from './client-options.js'
import { MemoryStore } from './stores/memory-store.js'
import { FakeServer } from './testing/fake-server.js'
import { settle, until } from './testing/wait.js'
import type { WebSocketConstructor } from './websocket.js'
import type { ConnectionStateChange, Message, SendFailure, SendResult } from './types.js'

let server: FakeServer
const clients: WarblerClient[] = []

beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  await server.close()
})

function makeClient(options: Partial<WarblerClientOptions> & { token?: string } = {}) {
  const client = new WarblerClient({
    url: server.url,
    token: options.getToken ? undefined : server.token('alice'),
    backoff: { baseMs: 20, maxMs: 100 },
    ...options,
  })
  clients.push(client)
  const messages: Message[] = []
  const updates: Message[] = []
  const states: ConnectionStateChange[] = []
  client.on('message', (m) => messages.push(m))
  client.on('message-update', (m) => updates.push(m))
  client.on('connection-state-change', (s) => states.push(s))
  return { client, messages, updates, states, seqs: (id: string) => messages.filter((m) => m.conversationId === id).map((m) => m.seq) }
}

const text = (m: Message | undefined) => (m?.body?.type === 'text' ? m.body.text : undefined)

describe('WarblerClient against the fake server', () => {
  it('a fresh client delivers the unread messages before connect() resolves', async () => {
    const conv = server.createDirect('alice', 'bob')
    for (let i = 1; i <= 5; i++) server.appendText(conv, 'bob', `m${i}`)
    server.setReadSeq('alice', conv, 2)
    const { client, seqs } = makeClient()
    await client.connect()
    expect(seqs(conv)).toEqual([3, 4, 5])
    const [row] = client.conversations()
    expect(row).toMatchObject({ id: conv, unreadCount: 3, readSeq: 2, lastSeq: 5 })
    expect(text(row?.lastMessage)).toBe('m5')
  })

  it('send resolves on the ack; the same clientMsgId again gives the same seq and stores nothing new', async () => {
    const { client, messages } = makeClient()
    await client.connect()
    const conv = await client.openDirect('bob')
    expect(conv.kind).toBe('direct')
    const first = await client.send(conv.id, { type: 'text', text: 'hi' }, { clientMsgId: 'fixed-1' })
    const again = await client.send(conv.id, { type: 'text', text: 'hi' }, { clientMsgId: 'fixed-1' })
    expect(again.seq).toBe(first.seq)
    expect(again.duplicate).toBe(true)
    expect(server.events(conv.id)).toHaveLength(1)
    await until(() => messages.length === 1, 'own message event')
    expect(messages[0]).toMatchObject({ seq: first.seq, senderId: 'alice', clientMsgId: 'fixed-1' })
  })

  it('sends generate a clientMsgId and resolve with seq, ts, conversationId and clientMsgId', async () => {
    const { client } = makeClient()
    await client.connect()
    const conv = await client.openDirect('bob')
    const result = await client.send(conv.id, { type: 'text', text: 'one' })
    expect(result).toMatchObject({ conversationId: conv.id, seq: 1 })
    expect(result.clientMsgId).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/)
    expect(typeof result.ts).toBe('number')
  })

  it('reconnects after a drop and delivers everything once and in order', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, seqs, states } = makeClient()
    await client.connect()
    server.appendText(conv, 'bob', 'a')
    server.appendText(conv, 'bob', 'b')
    await until(() => seqs(conv).length === 2, 'first two')
    server.dropConnections('alice')
    server.appendText(conv, 'bob', 'c (while offline)')
    server.appendText(conv, 'bob', 'd (while offline)')
    await until(() => seqs(conv).length >= 4, 'catch-up after reconnect')
    server.appendText(conv, 'bob', 'e')
    await until(() => seqs(conv).length >= 5, 'live after reconnect')
    await settle(50)
    expect(seqs(conv)).toEqual([1, 2, 3, 4, 5])
    const disconnected = states.find((s) => s.state === 'disconnected')
    expect(disconnected).toMatchObject({ willReconnect: true })
    expect(states.at(-1)?.state).toBe('connected')
  })

  it('a message whose ack was lost in a drop is re-sent and stored exactly once', async () => {
    const { client, seqs } = makeClient()
    await client.connect()
    const conv = await client.openDirect('bob')
    server.sendFaults.push('drop-connection-before-ack')
    const result = await client.send(conv.id, { type: 'text', text: 'once' })
    const stored = server.events(conv.id)
    expect(stored).toHaveLength(1)
    expect(result.seq).toBe(stored[0]!.seq)
    expect(server.framesOfType('message.send').map((f) => f.clientMsgId)).toEqual([result.clientMsgId, result.clientMsgId])
    await until(() => seqs(conv.id).length === 1, 'the message event')
    await settle(50)
    expect(seqs(conv.id)).toEqual([1])
  })

  it('queues sends made while disconnected and sends them once connected', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client } = makeClient()
    const pending = client.send(conv, { type: 'text', text: 'queued' })
    expect(client.pendingMessages()).toHaveLength(1)
    await client.connect()
    await expect(pending).resolves.toMatchObject({ seq: 1 })
    expect(client.pendingMessages()).toEqual([])
    expect(server.events(conv)).toHaveLength(1)
  })

  it('a lost push (gap) triggers a pull, and the app still sees every seq in order', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, seqs } = makeClient()
    await client.connect()
    server.suppressPush = (event) => event.seq === 2 || event.seq === 3
    for (const t of ['1', '2', '3', '4']) server.appendText(conv, 'bob', t)
    await until(() => seqs(conv).length === 4, 'all four')
    expect(seqs(conv)).toEqual([1, 2, 3, 4])
    expect(server.framesOfType('history').some((f) => f.conversationId === conv && f.afterSeq === 1)).toBe(true)
  })

  it('drops duplicate pushes', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, seqs } = makeClient()
    const events: number[] = []
    client.on('event', (e) => events.push(e.seq))
    await client.connect()
    server.duplicatePushes = true
    server.appendText(conv, 'bob', 'x')
    server.appendText(conv, 'bob', 'y')
    await until(() => seqs(conv).length === 2, 'two')
    await settle(50)
    expect(seqs(conv)).toEqual([1, 2])
    expect(events).toEqual([1, 2])
  })

  it('gets a fresh token through getToken when the server says token_expired', async () => {
    const conv = server.createDirect('alice', 'bob')
    const tokens = [server.token('alice'), server.token('alice')]
    let calls = 0
    const { client, seqs } = makeClient({ getToken: () => tokens[Math.min(calls++, 1)]! })
    await client.connect()
    expect(calls).toBe(1)
    server.expireToken(tokens[0]!)
    server.dropConnections('alice')
    server.appendText(conv, 'bob', 'after refresh')
    await until(() => seqs(conv).length === 1, 'message after the refresh')
    expect(calls).toBe(2)
    expect(client.state).toBe('connected')
  })

  it('stops on token_revoked with a WarblerError and does not reconnect', async () => {
    const { client, states } = makeClient()
    const errors: WarblerError[] = []
    client.on('error', (e) => errors.push(e))
    await client.connect()
    const authsBefore = server.framesOfType('auth').length
    server.revokeTokens('alice')
    await until(() => errors.length > 0, 'an error event')
    expect(WarblerError.isInstance(errors[0])).toBe(true)
    expect(errors[0]!.code).toBe('token_revoked')
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', reason: 'token_revoked', willReconnect: false })
    await settle(200)
    expect(server.framesOfType('auth').length).toBe(authsBefore)
    expect(errors).toHaveLength(1)
    await expect(client.openDirect('bob')).rejects.toMatchObject({ code: 'token_revoked' })
  })

  it('reports a connection-level error and stays connected; a later revocation still stops it', async () => {
    const { client, states } = makeClient()
    const errors: string[] = []
    client.on('error', (e) => errors.push(e.code))
    await client.connect()
    server.sendError('alice', 'rate_limited')
    await until(() => errors.length === 1, 'the error event')
    expect(errors).toEqual(['rate_limited'])
    expect(client.state).toBe('connected')
    const authsBefore = server.framesOfType('auth').length
    server.revokeTokens('alice', { explain: false })
    await until(() => errors.length === 2, 'the stop')
    // The close code alone says "revoked": no attempt with the dead token.
    expect(server.framesOfType('auth').length).toBe(authsBefore)
    expect(errors).toEqual(['rate_limited', 'token_revoked'])
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', reason: 'token_revoked', willReconnect: false })
  })

  it('uses the WebSocket implementation it is given', async () => {
    const urls: string[] = []
    class CountingWebSocket extends NodeWebSocket {
      constructor(url: string) {
        super(url)
        urls.push(url)
      }
    }
    const { client } = makeClient({ WebSocket: CountingWebSocket as unknown as WebSocketConstructor })
    await client.connect()
    expect(urls).toEqual([`${server.url.replace('http:', 'ws:')}/ws`])
  })

  it('an expired token without getToken stops with token_expired', async () => {
    const token = server.token('alice')
    server.expireToken(token)
    const client = new WarblerClient({ url: server.url, token })
    clients.push(client)
    await expect(client.connect()).rejects.toMatchObject({ code: 'token_expired' })
    expect(client.state).toBe('disconnected')
  })

  it('connect() rejects on a bad token instead of retrying forever', async () => {
    const client = new WarblerClient({ url: server.url, token: 'not-a-token', backoff: { baseMs: 10, maxMs: 20 } })
    clients.push(client)
    await expect(client.connect()).rejects.toMatchObject({ code: 'invalid_credentials' })
  })

  it('rejects a send with send_timeout after its deadline and reports send-failed', async () => {
    const { client } = makeClient({ sendTimeoutMs: 300, ackTimeoutMs: 60_000 })
    const failures: SendFailure[] = []
    client.on('send-failed', (f) => failures.push(f))
    await client.connect()
    const conv = await client.openDirect('bob')
    server.sendFaults.push('ignore')
    const error = await client.send(conv.id, { type: 'text', text: 'lost' }).catch((e: unknown) => e)
    expect(WarblerError.isInstance(error) && error.code).toBe('send_timeout')
    expect(failures.map((f) => f.error.code)).toEqual(['send_timeout'])
    expect(client.pendingMessages()).toEqual([])
  })

  it('rejects a send the server refuses, without retrying', async () => {
    const conv = server.createDirect('bob', 'carol')
    const { client } = makeClient()
    await client.connect()
    await expect(client.send(conv, { type: 'text', text: 'not mine' })).rejects.toMatchObject({ code: 'not_member' })
    expect(server.framesOfType('message.send')).toHaveLength(1)
  })

  it('rejects an invalid body at once', async () => {
    const { client } = makeClient()
    await expect(client.send('c', { type: 'text', text: '' })).rejects.toMatchObject({ code: 'validation_failed' })
  })

  it('edits, recalls and the end of a stream reach the app as message-update with the message as it is now', async () => {
    const conv = server.createDirect('alice', 'bot')
    const { client, updates, seqs } = makeClient()
    const deltas: string[] = []
    client.on('message-delta', (d) => deltas.push(d.text))
    await client.connect()
    server.append(conv, { senderId: 'bot', kind: 'message', body: { type: 'text', text: '…' }, status: 'streaming' })
    server.sendDelta(conv, 1, 'Hel', 0)
    server.sendDelta(conv, 1, 'lo', 3)
    server.append(conv, { senderId: 'bot', kind: 'edit', targetSeq: 1, body: { type: 'text', text: 'Hello' }, status: 'final' })
    server.appendText(conv, 'bot', 'second')
    server.append(conv, { senderId: 'bot', kind: 'recall', targetSeq: 3 })
    server.append(conv, { senderId: 'alice', kind: 'reaction', targetSeq: 1, data: { emoji: '👍' } })
    await until(() => updates.length === 3, 'three updates')
    expect(deltas).toEqual(['Hel', 'lo'])
    expect(seqs(conv)).toEqual([1, 3])
    expect(updates[0]).toMatchObject({ seq: 1, status: 'final', body: { type: 'text', text: 'Hello' } })
    expect(updates[0]!.editedAt).toBeUndefined()
    expect(updates[1]).toMatchObject({ seq: 3 })
    expect(updates[1]!.body).toBeUndefined()
    expect(updates[1]!.recalledAt).toBeTypeOf('number')
    expect(updates[2]).toMatchObject({ seq: 1, body: { type: 'text', text: 'Hello' }, reactions: { '👍': ['alice'] } })
    const page = await client.history(conv, { afterSeq: 0, limit: 50 })
    expect(page.messages.map((m) => [m.seq, text(m) ?? null])).toEqual([
      [1, 'Hello'],
      [3, null],
    ])
    expect(page.hasMore).toBe(false)
  })

  it('member and system events arrive as notices, not as messages', async () => {
    const conv = server.createGroup(['alice', 'bob'], 'team')
    const { client, seqs } = makeClient()
    const notices: Message[] = []
    client.on('notice', (n) => notices.push(n))
    await client.connect()
    server.append(conv, { senderId: 'bob', kind: 'member', data: { added: ['carol'] } })
    server.appendText(conv, 'bob', 'welcome carol')
    await until(() => seqs(conv).length === 1, 'the message')
    expect(seqs(conv)).toEqual([2])
    expect(notices).toMatchObject([{ seq: 1, kind: 'member', data: { added: ['carol'] } }])
  })

  it('old history pages do not leave a hole in the local timeline', async () => {
    const store = new MemoryStore()
    const conv = server.createDirect('alice', 'bob')
    for (let i = 1; i <= 10; i++) server.appendText(conv, 'bob', `m${i}`)
    server.setReadSeq('alice', conv, 8)
    const { client } = makeClient({ store })
    await client.connect()
    expect((await client.localHistory(conv)).map((m) => m.seq)).toEqual([9, 10])
    // A page far back (1..3) is not contiguous with 9..10: it is returned but not stored.
    const far = await client.history(conv, { afterSeq: 0, limit: 3 })
    expect(far.messages.map((m) => m.seq)).toEqual([1, 2, 3])
    expect((await client.localHistory(conv)).map((m) => m.seq)).toEqual([9, 10])
    // The page just before what is stored joins it.
    await client.history(conv, { beforeSeq: 9, limit: 5 })
    await client.close()
    expect((await store.messages(conv)).map((m) => m.seq)).toEqual([4, 5, 6, 7, 8, 9, 10])
  })

  it('reconnects when the server asks to', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, seqs, states } = makeClient()
    await client.connect()
    server.sendReconnect()
    await until(() => states.some((s) => s.state === 'disconnected' && s.reason === 'server_shutting_down'), 'the drop')
    await until(() => client.state === 'connected' && server.connectionCount('alice') === 1, 'the reconnect')
    server.appendText(conv, 'bob', 'back')
    await until(() => seqs(conv).length === 1, 'a message after the reconnect')
  })

  it('a restarted client over the same store gets only the delta and re-sends its outbox', async () => {
    const store = new MemoryStore()
    const conv = server.createDirect('alice', 'bob')
    server.appendText(conv, 'bob', 'seen')
    const first = makeClient({ store })
    await first.client.connect()
    expect(first.seqs(conv)).toEqual([1])
    server.sendFaults.push('ignore')
    const lost = first.client.send(conv, { type: 'text', text: 'survives' }, { clientMsgId: 'keep-me' }).catch((e: unknown) => e)
    await until(() => server.framesOfType('message.send').length === 1, 'the first try')
    await first.client.close()
    expect(await lost).toMatchObject({ code: 'client_closed' })
    server.appendText(conv, 'bob', 'while away')

    const second = makeClient({ store })
    const results: SendResult[] = []
    second.client.on('send-result', (r) => results.push(r))
    await second.client.loadLocal()
    expect(second.client.conversations().map((row) => row.id)).toEqual([conv])
    await second.client.connect()
    await until(() => results.length === 1, 'the re-sent message')
    expect(results[0]).toMatchObject({ clientMsgId: 'keep-me', conversationId: conv })
    await until(() => second.seqs(conv).length === 2, 'delta and own message')
    expect(second.seqs(conv)).toEqual([2, 3])
    expect(server.events(conv).filter((e) => e.clientMsgId === 'keep-me')).toHaveLength(1)
    expect(server.framesOfType('sync').at(-1)?.cursors).toEqual({ [conv]: 1 })
  })

  it('markRead lowers the unread count and moves the server read position', async () => {
    const conv = server.createDirect('alice', 'bob')
    for (let i = 1; i <= 3; i++) server.appendText(conv, 'bob', `m${i}`)
    const { client } = makeClient()
    const changes: number[] = []
    client.on('conversations-change', (c) => changes.push(c.conversations[0]?.unreadCount ?? -1))
    await client.connect()
    expect(client.conversationSummary(conv)?.unreadCount).toBe(3)
    await client.markRead(conv, 2)
    expect(client.conversationSummary(conv)?.unreadCount).toBe(1)
    expect(server.readSeq('alice', conv)).toBe(2)
    expect(changes.at(-1)).toBe(1)
  })

  it('keeps the conversation list sorted by activity and fetches conversation details', async () => {
    const a = server.createDirect('alice', 'bob')
    const b = server.createGroup(['alice', 'carol'], 'team')
    const { client } = makeClient()
    await client.connect()
    server.appendText(a, 'bob', 'first')
    server.appendText(b, 'carol', 'second')
    await until(() => client.conversations().length === 2 && client.conversations()[0]?.id === b, 'b on top')
    await until(() => client.conversationSummary(b)?.conversation?.name === 'team', 'group details')
    server.appendText(a, 'bob', 'third')
    await until(() => client.conversations()[0]?.id === a, 'a back on top')
  })

  it('detects a dead connection through the heartbeat and reconnects', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, states, seqs } = makeClient({ heartbeatSeconds: 0.1 })
    await client.connect()
    // The server stops answering pings and pushes nothing: from the client's side, a dead link.
    server.muteConnections('alice')
    await until(() => states.some((s) => s.state === 'disconnected' && s.reason === 'timeout'), 'heartbeat timeout')
    await until(() => client.state === 'connected', 'reconnected')
    server.appendText(conv, 'bob', 'hello again')
    await until(() => seqs(conv).length === 1, 'message after the heartbeat reconnect')
  })

  it('notices a dead link within seconds of sending, long before the heartbeat period', async () => {
    const conv = server.createDirect('alice', 'bob')
    const { client, states } = makeClient({ heartbeatSeconds: 25 })
    await client.connect()
    server.muteConnections('alice')
    const sentAt = Date.now()
    const sending = client.send(conv, { type: 'text', text: 'into the void' }).catch((error: unknown) => error)
    await until(() => states.some((s) => s.state === 'disconnected' && s.reason === 'timeout'), 'dead link noticed', 6_000)
    const noticedMs = Date.now() - sentAt
    expect(noticedMs).toBeGreaterThanOrEqual(3_500)
    expect(noticedMs).toBeLessThan(5_000)
    await client.close()
    await sending
  }, 10_000)

  it('a fresh client shows a preview of fully read conversations without replaying them', async () => {
    const conv = server.createDirect('alice', 'bob')
    server.appendText(conv, 'bob', 'old news')
    server.appendText(conv, 'alice', 'read it')
    server.setReadSeq('alice', conv, 2)
    const { client, messages } = makeClient()
    await client.connect()
    expect(messages).toEqual([])
    await until(() => client.conversationSummary(conv)?.lastMessage !== undefined, 'the preview')
    expect(text(client.conversationSummary(conv)?.lastMessage)).toBe('read it')
    expect(client.conversationSummary(conv)?.unreadCount).toBe(0)
  })

  it('another user signing in on the same store does not see the first user\'s data', async () => {
    const store = new MemoryStore()
    const conv = server.createDirect('alice', 'bob')
    server.appendText(conv, 'bob', 'for alice only')
    const alice = makeClient({ store })
    await alice.client.connect()
    await alice.client.close()
    const carol = makeClient({ store, token: server.token('carol') })
    await carol.client.connect()
    expect(carol.client.conversations()).toEqual([])
    expect(await carol.client.localHistory(conv)).toEqual([])
    expect(carol.messages).toEqual([])
  })
})

describe('periodic sync', () => {
  it('finds an event whose live push was lost in a quiet conversation, without a reconnect', async () => {
    const conversationId = server.createDirect('alice', 'bob')
    const { client, seqs, states } = makeClient({ syncIntervalMs: 50 })
    await client.connect()
    server.suppressPush = (event) => event.seq === 1
    server.appendText(conversationId, 'bob', 'the push of this one is lost')
    await until(() => seqs(conversationId).length === 1)
    expect(seqs(conversationId)).toEqual([1])
    expect(states.filter((state) => state.state === 'connected')).toHaveLength(1)
  })

  it('can be turned off', async () => {
    const conversationId = server.createDirect('alice', 'bob')
    const { client, seqs } = makeClient({ syncIntervalMs: 0 })
    await client.connect()
    server.suppressPush = (event) => event.seq === 1
    server.appendText(conversationId, 'bob', 'lost')
    await settle(200)
    expect(seqs(conversationId)).toEqual([])
  })
})
