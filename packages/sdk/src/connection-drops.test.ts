import type { ClientFrame } from '@warbler/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerClient } from './client.js'
import { FakeServer, type DropMoment } from './testing/fake-server.js'
import { settle, until } from './testing/wait.js'
import type { Message } from './types.js'

/**
 * A client library must never reject a promise nobody handles: in Node that kills the app
 * (`--unhandled-rejections=throw`, the default). Each test cuts the connection at one named step
 * and fails if any rejection went unhandled, however the SDK recovered otherwise.
 */
const unhandled: unknown[] = []
const recordUnhandled = (reason: unknown) => unhandled.push(reason)

let server: FakeServer
const clients: WarblerClient[] = []

beforeEach(async () => {
  unhandled.length = 0
  process.on('unhandledRejection', recordUnhandled)
  server = await FakeServer.start()
})
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  await server.close()
  // Rejections surface a macrotask after they happen: give them the time to.
  await settle(30)
  process.off('unhandledRejection', recordUnhandled)
  expect(unhandled.map(String)).toEqual([])
})

function makeClient(userId = 'alice') {
  const client = new WarblerClient({
    url: server.url,
    getToken: () => server.token(userId),
    backoff: { baseMs: 5, maxMs: 20 },
    ackTimeoutMs: 300,
    requestTimeoutMs: 2000,
  })
  clients.push(client)
  const messages: Message[] = []
  client.on('message', (m) => messages.push(m))
  return { client, seqs: (id: string) => messages.filter((m) => m.conversationId === id).map((m) => m.seq) }
}

const seqsOf = (conversationId: string) => server.events(conversationId).map((event) => event.seq)

/** The steps of a connection's life, as the frame that the cut happens at. */
const CATCH_UP_STEPS: { step: string; frameType: ClientFrame['type']; moment: DropMoment }[] = [
  { step: 'handshake (auth sent, no welcome)', frameType: 'auth', moment: 'before-answer' },
  { step: 'welcome (cut right after it)', frameType: 'auth', moment: 'after-answer' },
  { step: 'sync request unanswered', frameType: 'sync', moment: 'before-answer' },
  { step: 'sync answered, then cut', frameType: 'sync', moment: 'after-answer' },
  { step: 'catch-up pull unanswered', frameType: 'history', moment: 'before-answer' },
  { step: 'catch-up pull answered, then cut', frameType: 'history', moment: 'after-answer' },
]

describe('a connection cut at each step never leaves an unhandled rejection', () => {
  for (const { step, frameType, moment } of CATCH_UP_STEPS) {
    it(`connect() catches up despite a cut at: ${step}`, async () => {
      const direct = server.createDirect('alice', 'bob')
      const group = server.createGroup(['alice', 'bob', 'carol'])
      for (let i = 1; i <= 3; i++) server.appendText(direct, 'bob', `d${i}`)
      for (let i = 1; i <= 3; i++) server.appendText(group, 'carol', `g${i}`)
      server.dropOnNext(frameType, moment)
      const { client, seqs } = makeClient()
      await client.connect()
      expect(seqs(direct)).toEqual(seqsOf(direct))
      expect(seqs(group)).toEqual(seqsOf(group))
      expect(server.plannedDrops).toEqual([])
    })
  }

  it('connect() catches up despite a cut at every step of the first attempts in a row', async () => {
    const direct = server.createDirect('alice', 'bob')
    for (let i = 1; i <= 3; i++) server.appendText(direct, 'bob', `d${i}`)
    for (const { frameType, moment } of CATCH_UP_STEPS) server.dropOnNext(frameType, moment)
    const { client, seqs } = makeClient()
    await client.connect()
    expect(seqs(direct)).toEqual(seqsOf(direct))
  })

  for (const moment of ['before-answer', 'after-answer'] as const) {
    it(`a gap pull triggered by a push survives a cut (${moment})`, async () => {
      const direct = server.createDirect('alice', 'bob')
      const { client, seqs } = makeClient()
      await client.connect()
      server.suppressPush = (_event, userId) => userId === 'alice'
      server.appendText(direct, 'bob', 'lost push')
      server.suppressPush = undefined
      server.dropOnNext('history', moment, 'alice')
      server.appendText(direct, 'bob', 'reveals the gap')
      await until(() => seqs(direct).length === 2, 'both messages after the cut')
      expect(seqs(direct)).toEqual([1, 2])
      expect(server.plannedDrops).toEqual([])
    })
  }

  for (const moment of ['before-answer', 'after-answer'] as const) {
    it(`sends and the outbox flush survive a cut at message.send (${moment})`, async () => {
      const direct = server.createDirect('alice', 'bob')
      const { client } = makeClient()
      await client.connect()
      server.dropOnNext('message.send', moment, 'alice')
      const sends = [1, 2, 3].map((i) => client.send(direct, { type: 'text', text: `m${i}` }))
      const results = await Promise.all(sends)
      expect(results.map((result) => result.seq).sort()).toEqual([1, 2, 3])
      expect(server.events(direct)).toHaveLength(3)
      // The outbox flush on the next connection is cut too.
      server.dropConnections('alice')
      server.dropOnNext('message.send', moment, 'alice')
      const later = await client.send(direct, { type: 'text', text: 'after the flush' })
      expect(later.seq).toBe(4)
    })
  }

  it('conversation details cut unanswered are fetched again on the next connection', async () => {
    const group = server.createGroup(['alice', 'bob', 'carol'], 'team')
    server.appendText(group, 'carol', 'hello')
    server.dropOnNext('conversation.get', 'before-answer')
    const { client } = makeClient()
    await client.connect()
    await until(() => client.conversationSummary(group)?.conversation?.name === 'team', 'the group details after the cut')
    expect(server.plannedDrops).toEqual([])
  })

  it('an async listener whose request is cut by a drop does not crash the app: its error is an `error` event', async () => {
    const direct = server.createDirect('alice', 'bob')
    const { client } = makeClient()
    const errors: string[] = []
    client.on('error', (error) => errors.push(error.code))
    // The usual app code: mark each message read as it arrives.
    client.on('message', async (message) => {
      await client.markRead(message.conversationId, message.seq)
    })
    await client.connect()
    server.dropOnNext('read', 'before-answer', 'alice')
    server.appendText(direct, 'bob', 'read me')
    await until(() => errors.includes('connection_closed'), 'the cut read reported as an error event')
    await until(() => client.state === 'connected', 'reconnected')
  })

  it('a send nobody awaits that the server refuses ends as send-failed, not as an unhandled rejection', async () => {
    const direct = server.createDirect('alice', 'bob')
    const { client } = makeClient()
    const failed: string[] = []
    client.on('send-failed', (failure) => failed.push(failure.error.code))
    await client.connect()
    server.sendFaults.push({ error: 'not_member' })
    void client.send(direct, { type: 'text', text: 'refused' })
    await until(() => failed.length === 1, 'send-failed')
    expect(failed).toEqual(['not_member'])
  })

  it('connect() nobody awaits, then close() while it retries, leaves nothing unhandled', async () => {
    server.dropOnNext('auth', 'before-answer')
    server.dropOnNext('auth', 'before-answer')
    const { client } = makeClient()
    void client.connect()
    await until(() => server.framesOfType('auth').length > 0, 'a first attempt')
    await client.close()
  })

  it('close() right after connect() rejects it with client_closed instead of leaving it pending', async () => {
    const { client } = makeClient()
    const connecting = client.connect()
    await client.close()
    await expect(connecting).rejects.toMatchObject({ code: 'client_closed' })
  })

  it('app requests waiting on a connection that is cut reject (handled by the app) and the client recovers', async () => {
    const direct = server.createDirect('alice', 'bob')
    const { client } = makeClient()
    await client.connect()
    server.dropOnNext('history', 'before-answer', 'alice')
    await expect(client.history(direct, { afterSeq: 0 })).rejects.toMatchObject({ code: 'connection_closed' })
    await until(() => client.state === 'connected', 'reconnected')
  })

  it('close() during a catch-up leaves nothing unhandled', async () => {
    const direct = server.createDirect('alice', 'bob')
    server.appendText(direct, 'bob', 'hello')
    // Every catch-up is cut, so connect() cannot have resolved when close() comes.
    for (let i = 0; i < 1000; i++) server.dropOnNext('sync', 'before-answer')
    const { client } = makeClient()
    const connected = client.connect()
    await until(() => server.framesOfType('sync').length > 0, 'a sync request')
    await client.close()
    await expect(connected).rejects.toMatchObject({ code: 'client_closed' })
  })
})
