// The timeline behind useMessages, against the real server (and a bot on the fake OpenAI provider).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient, type Message } from '@warbler/sdk'
import { fakeProvider, startBotFixture, type BotFixture } from '../../../server/test/bots/bot-fixture.js'
import { storesOf } from './client-stores.js'
import type { MessagesSnapshot } from './messages-store.js'

const text = (value: string) => ({ type: 'text' as const, text: value })
const texts = (messages: Message[]) => messages.map((message) => (message.body?.type === 'text' ? message.body.text : '?'))

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('MessagesStore (useMessages) against the real server', () => {
  let fixture: BotFixture
  const clients: WarblerClient[] = []
  const connect = async (user: string) => {
    const client = new WarblerClient({ url: fixture.server.url, token: fixture.tokens[user]!, requestTimeoutMs: 5000, sendTimeoutMs: 3000 })
    clients.push(client)
    await client.connect()
    return client
  }

  beforeAll(async () => {
    fixture = await startBotFixture(['ana', 'ben', 'cai'])
  }, 30_000)
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await fixture?.close()
  })

  it('loads the newest page, pages back, and takes live messages from others', async () => {
    const [ana, ben] = await Promise.all([connect('ana'), connect('ben')])
    const direct = await ana.openDirect('ben')
    for (let index = 1; index <= 5; index++) await ana.send(direct.id, text(`m${index}`))
    const store = storesOf(ben).messages(direct.id, 2)
    expect(storesOf(ben).messages(direct.id)).toBe(store)
    await Promise.all([store.load(), store.load()])
    expect(texts(store.getSnapshot().messages)).toEqual(['m4', 'm5'])
    expect(store.getSnapshot().hasMore).toBe(true)
    await store.loadOlder()
    await store.loadOlder()
    expect(texts(store.getSnapshot().messages)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
    expect(store.getSnapshot().hasMore).toBe(false)

    await ana.send(direct.id, text('live'))
    await until(() => store.getSnapshot().messages.length === 6, 'the live message')
    await ana.messages.edit(direct.id, 2, text('m2 edited'))
    await until(() => texts(store.getSnapshot().messages)[1] === 'm2 edited', 'the edit')
    expect(texts(store.getSnapshot().messages)).toEqual(['m1', 'm2 edited', 'm3', 'm4', 'm5', 'live'])

    store.markRead()
    await until(() => ben.conversationSummary(direct.id)?.unreadCount === 0, 'ben to have read it all')
  })

  it('shows a send at once as pending, then as the stored message; a refused send fails and retries with the same id', async () => {
    const ana = await connect('ana')
    const direct = await ana.openDirect('cai')
    const store = storesOf(ana).messages(direct.id)
    await store.load()
    const seen: MessagesSnapshot[] = []
    const off = store.subscribe(() => seen.push(store.getSnapshot()))
    const id = store.send(text('hello'))
    expect(store.getSnapshot().pending).toMatchObject([{ clientMsgId: id, state: 'sending', body: text('hello') }])
    await until(() => store.getSnapshot().pending.length === 0 && store.getSnapshot().messages.length === 1, 'the stored message')
    expect(store.getSnapshot().messages[0]).toMatchObject({ clientMsgId: id, senderId: 'ana', body: text('hello') })
    // Never both at once: the pending entry goes as the message comes.
    expect(seen.some((snapshot) => snapshot.pending.length > 0 && snapshot.messages.some((message) => message.clientMsgId === id))).toBe(false)
    off()

    // A group ana is not in: the server refuses, the entry turns failed with the reason.
    const group = await (await connect('ben')).groups.create('Not for ana', ['cai'])
    const outside = storesOf(ana).messages(group.id)
    const refused = outside.send(text('let me in'))
    await until(() => outside.getSnapshot().pending[0]?.state === 'failed', 'the refusal')
    expect(outside.getSnapshot().pending[0]?.error?.code).toBe('not_member')
    outside.retry(refused)
    expect(outside.getSnapshot().pending).toMatchObject([{ clientMsgId: refused, state: 'sending' }])
    await until(() => outside.getSnapshot().pending[0]?.state === 'failed', 'the second refusal')
    outside.discard(refused)
    expect(outside.getSnapshot().pending).toEqual([])
  })

  it('streams a bot reply: text so far by seq while it streams, the final message after', async () => {
    await fixture.createBot({ id: 'helper', name: 'Helper', provider: fakeProvider(fixture.provider) })
    fixture.provider.script([{ reply: 'Hello there, this reply arrives in pieces.', tokenIntervalMs: 30 }])
    const ana = await connect('ana')
    const direct = await ana.openDirect('helper')
    const store = storesOf(ana).messages(direct.id)
    await store.load()
    const partial: string[] = []
    const off = store.subscribe(() => {
      for (const value of Object.values(store.getSnapshot().streaming)) partial.push(value)
    })
    store.send(text('hi bot'))
    await until(() => store.getSnapshot().messages.some((message) => message.senderId === 'helper' && message.status === 'final'), 'the final reply')
    off()
    const reply = store.getSnapshot().messages.find((message) => message.senderId === 'helper')!
    expect(texts([reply])).toEqual(['Hello there, this reply arrives in pieces.'])
    expect(partial.length).toBeGreaterThan(1)
    expect(partial.some((value) => value.length > 0 && value.length < 'Hello there, this reply arrives in pieces.'.length)).toBe(true)
    expect(store.getSnapshot().streaming).toEqual({})
  })
})
