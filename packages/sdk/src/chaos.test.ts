import { afterEach, beforeEach, expect, it } from 'vitest'
import { WarblerClient } from './client.js'
import { FakeServer } from './testing/fake-server.js'
import { until } from './testing/wait.js'
import type { SendResult } from './types.js'

let server: FakeServer
beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(async () => {
  await server.close()
})

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

it('under drops, lost pushes, duplicate pushes and lost acks, every event arrives once and in order, and every send is stored once', async () => {
  const next = random(42)
  const direct = server.createDirect('alice', 'bob')
  const group = server.createGroup(['alice', 'bob', 'carol'], 'team')
  const conversations = [direct, group]
  const make = (userId: string) =>
    new WarblerClient({ url: server.url, getToken: () => server.token(userId), backoff: { baseMs: 5, maxMs: 40 }, ackTimeoutMs: 500 })
  const alice = make('alice')
  const bob = make('bob')
  const seen = new Map<string, number[]>()
  alice.on('event', (e) => seen.set(e.conversationId, [...(seen.get(e.conversationId) ?? []), e.seq]))
  await alice.connect()
  await bob.connect()

  const sends: Promise<SendResult>[] = []
  for (let step = 0; step < 120; step++) {
    const roll = next()
    const conversationId = conversations[Math.floor(next() * conversations.length)]!
    server.suppressPush = next() < 0.15 ? (_event, userId) => userId === 'alice' : undefined
    server.duplicatePushes = next() < 0.1
    if (roll < 0.35) sends.push(bob.send(conversationId, { type: 'text', text: `bob ${step}` }, { timeoutMs: null }))
    else if (roll < 0.55) sends.push(alice.send(conversationId, { type: 'text', text: `alice ${step}` }, { timeoutMs: null }))
    else if (roll < 0.8 && conversationId === group) server.appendText(group, 'carol', `carol ${step}`)
    else if (roll < 0.88) server.sendFaults.push('drop-connection-before-ack')
    else if (roll < 0.96) server.dropConnections(next() < 0.5 ? 'alice' : 'bob')
    else server.append(conversationId, { senderId: 'bob', kind: 'reaction', targetSeq: 1, data: { key: '👍' } })
    if (step % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  server.suppressPush = undefined
  server.duplicatePushes = false
  const results = await Promise.all(sends)

  // Every send landed exactly once, at the seq its promise reported.
  for (const result of results) {
    const stored = server.events(result.conversationId).filter((e) => e.clientMsgId === result.clientMsgId)
    expect(stored.map((e) => e.seq)).toEqual([result.seq])
  }
  // With alice connected and caught up: one more lost push per conversation, then a final event
  // that reveals the gap (only a pull can fill it now).
  await alice.connect()
  server.suppressPush = (_event, userId) => userId === 'alice'
  for (const conversationId of conversations) server.appendText(conversationId, 'bob', 'lost push')
  server.suppressPush = undefined
  for (const conversationId of conversations) server.appendText(conversationId, 'bob', 'last')
  const complete = () =>
    conversations.every((id) => (seen.get(id)?.length ?? 0) >= server.events(id).length)
  await until(complete, 'alice has every event', 15_000)
  for (const id of conversations) {
    const expected = server.events(id).map((e) => e.seq)
    expect(seen.get(id)).toEqual(expected)
  }
  await alice.close()
  await bob.close()
}, 30_000)
