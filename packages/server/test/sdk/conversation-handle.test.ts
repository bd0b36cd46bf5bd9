import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient, type Message, type TypingNotice } from '@warbler/sdk'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { eventually } from './sdk-test-kit.js'

const text = (value: string) => ({ type: 'text' as const, text: value })
const texts = (messages: Message[]) => messages.map((message) => (message.body?.type === 'text' ? message.body.text : '?'))

describe('client.conversation(id): a conversation as an object, against the real server', () => {
  let server: TestServer
  let tokens: Record<string, string>
  const clients: WarblerClient[] = []
  const connect = async (user: string) => {
    const client = new WarblerClient({ url: server.url, token: tokens[user]!, requestTimeoutMs: 5000 })
    clients.push(client)
    await client.connect()
    return client
  }

  beforeAll(async () => {
    server = await startTestServer()
    const app = await server.createApp()
    tokens = await createUsers(server, app, ['ana', 'ben', 'cai'])
  })
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await server.close()
  })

  it('sends, pages history from the newest both ways, marks read, lists members, and scopes events', async () => {
    const [ana, ben] = await Promise.all([connect('ana'), connect('ben')])
    const direct = await ana.openDirect('ben')
    const other = await ana.openDirect('cai')
    const chat = ana.conversation(direct.id)
    expect(ana.conversation(direct.id)).toBe(chat)
    expect(chat.id).toBe(direct.id)

    // Events of this conversation only: a message elsewhere does not reach the listener.
    const seen: number[] = []
    const off = ben.conversation(direct.id).on('message', (message) => void seen.push(message.seq))
    for (let index = 1; index <= 7; index++) await chat.send(text(`m${index}`))
    await ana.send(other.id, text('elsewhere'))
    await ana.messages.edit(direct.id, 7, text('m7 edited'))
    await eventually(() => seen.length === 7, 'ben to see the seven messages')
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7])
    off()

    // No cursor: the newest page; `limit` counts messages (the edit folds into m7).
    const newest = await chat.history({ limit: 3 })
    expect(texts(newest.messages)).toEqual(['m5', 'm6', 'm7 edited'])
    expect(newest.hasMore).toBe(true)
    const older = await chat.history({ beforeSeq: newest.messages[0]!.seq, limit: 3 })
    expect(texts(older.messages)).toEqual(['m2', 'm3', 'm4'])
    const oldest = await chat.history({ beforeSeq: older.messages[0]!.seq, limit: 3 })
    expect(texts(oldest.messages)).toEqual(['m1'])
    expect(oldest.hasMore).toBe(false)
    const forward = await chat.history({ afterSeq: 0, limit: 4 })
    expect(texts(forward.messages)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(forward.hasMore).toBe(true)
    const next = await chat.history({ afterSeq: forward.messages.at(-1)!.seq, limit: 4 })
    expect(texts(next.messages)).toEqual(['m5', 'm6', 'm7 edited'])
    expect(next.hasMore).toBe(false)

    // markRead() with no seq reads up to the latest message.
    const benChat = ben.conversation(direct.id)
    await eventually(() => benChat.summary?.unreadCount === 7, 'seven unread for ben')
    await benChat.markRead()
    expect(benChat.summary?.unreadCount).toBe(0)
    expect(benChat.summary?.readSeq).toBe(8) // the edit is seq 8

    const members = await chat.members()
    expect(members.items.map((member) => member.userId).sort()).toEqual(['ana', 'ben'])
    expect(members.next).toBeNull()
    expect((await chat.get()).kind).toBe('direct')
  })

  it('typing reaches the other member, on that conversation only', async () => {
    const [ana, ben] = await Promise.all([connect('ana'), connect('ben')])
    const direct = await ana.openDirect('ben')
    const group = await ana.groups.create('Trio', ['ben', 'cai'])
    const notices: TypingNotice[] = []
    ben.conversation(direct.id).on('typing', (notice) => void notices.push(notice))
    ana.conversation(group.id).typing()
    ana.conversation(direct.id).typing()
    await eventually(() => notices.some((notice) => notice.active), 'ben to see ana typing')
    ana.conversation(direct.id).typing(false)
    await eventually(() => notices.some((notice) => !notice.active), 'ben to see ana stop')
    expect(notices.every((notice) => notice.conversationId === direct.id && notice.userId === 'ana')).toBe(true)
  })
})
