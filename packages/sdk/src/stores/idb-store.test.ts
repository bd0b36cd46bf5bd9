import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerClient } from '../client.js'
import { FakeServer } from '../testing/fake-server.js'
import { until } from '../testing/wait.js'
import type { Message, SendResult } from '../types.js'
import { IndexedDbStore } from './idb-store.js'

let server: FakeServer
beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(async () => {
  await server.close()
})

function pageLoad(indexedDB: InstanceType<typeof IDBFactory>) {
  const client = new WarblerClient({
    url: server.url,
    getToken: () => server.token('alice'),
    store: new IndexedDbStore({ name: 'warbler-test', indexedDB }),
    backoff: { baseMs: 10, maxMs: 50 },
  })
  const messages: Message[] = []
  client.on('message', (m) => messages.push(m))
  return { client, messages }
}

describe('IndexedDbStore across a page reload', () => {
  it('shows conversations and history before connecting, then syncs only the delta', async () => {
    const indexedDB = new IDBFactory()
    const direct = server.createDirect('alice', 'bob')
    const group = server.createGroup(['alice', 'carol'], 'team')
    for (let i = 1; i <= 3; i++) server.appendText(direct, 'bob', `d${i}`)
    server.appendText(group, 'carol', 'g1')

    const first = pageLoad(indexedDB)
    await first.client.connect()
    expect(first.messages.map((m) => `${m.conversationId}:${m.seq}`).sort()).toEqual([
      `${direct}:1`,
      `${direct}:2`,
      `${direct}:3`,
      `${group}:1`,
    ])
    await until(() => first.client.conversationSummary(group)?.conversation?.name === 'team', 'group details')
    await first.client.close()

    // While the page is closed, one conversation moves.
    server.appendText(direct, 'bob', 'd4 (while closed)')

    const second = pageLoad(indexedDB)
    const framesBefore = server.received.length
    await second.client.loadLocal()
    expect(server.received.length).toBe(framesBefore)
    const rows = second.client.conversations()
    expect(rows.map((r) => r.id).sort()).toEqual([direct, group].sort())
    expect(second.client.conversationSummary(group)?.conversation?.name).toBe('team')
    expect(second.client.conversationSummary(direct)?.unreadCount).toBe(3)
    const stored = await second.client.localHistory(direct)
    expect(stored.map((m) => (m.body?.type === 'text' ? m.body.text : ''))).toEqual(['d1', 'd2', 'd3'])

    await second.client.connect()
    expect(second.messages.map((m) => `${m.conversationId}:${m.seq}`)).toEqual([`${direct}:4`])
    const lastSync = server.framesOfType('sync').at(-1)
    expect(lastSync?.cursors).toEqual({ [direct]: 3, [group]: 1 })
    const pulls = server.framesOfType('history').slice(-1)
    expect(pulls).toEqual([expect.objectContaining({ conversationId: direct, afterSeq: 3 })])
    expect(second.client.conversationSummary(direct)?.unreadCount).toBe(4)
    await second.client.close()
  })

  it('re-sends the outbox of a closed page and reports the result through send-result', async () => {
    const indexedDB = new IDBFactory()
    const direct = server.createDirect('alice', 'bob')
    const first = pageLoad(indexedDB)
    await first.client.connect()
    server.sendFaults.push('ignore')
    const lost = first.client.send(direct, { type: 'text', text: 'typed before the reload' }).catch((e: unknown) => e)
    await until(() => server.framesOfType('message.send').length === 1, 'the first try')
    await first.client.close()
    await lost

    const second = pageLoad(indexedDB)
    const results: SendResult[] = []
    second.client.on('send-result', (r) => results.push(r))
    await second.client.loadLocal()
    expect(second.client.pendingMessages().map((e) => e.conversationId)).toEqual([direct])
    await second.client.connect()
    await until(() => results.length === 1, 'the re-sent message')
    expect(server.events(direct).map((e) => (e.body?.type === 'text' ? e.body.text : ''))).toEqual(['typed before the reload'])
    await until(() => second.messages.length === 1, 'its message event')
    await second.client.close()
  })
})
