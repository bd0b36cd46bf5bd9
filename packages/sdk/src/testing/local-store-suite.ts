import { describe, expect, it } from 'vitest'
import type { ConversationSummary, Message, OutboxEntry } from '../types.js'
import type { LocalStore } from '../stores/local-store.js'

function message(conversationId: string, seq: number, text = `m${seq}`): Message {
  return { conversationId, seq, ts: seq * 10, senderId: 'bob', kind: 'message', status: 'final', body: { type: 'text', text } }
}

function row(id: string, lastSeq: number): ConversationSummary {
  return { id, kind: 'direct', lastSeq, readSeq: 0, unreadCount: 1, unreadSeqs: [lastSeq], updatedAt: lastSeq }
}

function outboxEntry(clientMsgId: string, createdAt: number): OutboxEntry {
  return { clientMsgId, conversationId: 'c1', body: { type: 'text', text: clientMsgId }, createdAt, deadline: null }
}

/**
 * The behaviour every {@link LocalStore} must have. `create` makes a store over storage that
 * `reopen` opens again (same name), so data that must survive a restart can be checked.
 */
export function localStoreSuite(
  name: string,
  create: (options: { messagesPerConversation?: number }) => { store: LocalStore; reopen: () => LocalStore },
): void {
  describe(`LocalStore conformance: ${name}`, () => {
    it('starts empty', async () => {
      const { store } = create({})
      expect(await store.load()).toEqual({ cursors: {}, conversations: [], outbox: [] })
    })

    it('keeps owner, cursors, conversations and outbox across a reopen', async () => {
      const { store, reopen } = create({})
      await store.write({
        owner: { appId: 'app', userId: 'alice' },
        cursors: { c1: 4, c2: 9 },
        conversations: [row('c1', 4), row('c2', 9)],
        outboxPut: [outboxEntry('late', 2), outboxEntry('early', 1)],
      })
      await store.write({ cursors: { c1: 5 }, outboxDelete: ['late'] })
      await store.close()
      const again = reopen()
      const state = await again.load()
      expect(state.owner).toEqual({ appId: 'app', userId: 'alice' })
      expect(state.cursors).toEqual({ c1: 5, c2: 9 })
      expect(state.conversations.map((c) => c.id).sort()).toEqual(['c1', 'c2'])
      expect(state.outbox.map((e) => e.clientMsgId)).toEqual(['early'])
      await again.close()
    })

    it('upserts messages and reads them by range, in seq order', async () => {
      const { store } = create({})
      await store.write({ messages: [message('c1', 3), message('c1', 1), message('c1', 2), message('c2', 1)] })
      await store.write({ messages: [message('c1', 2, 'edited')] })
      expect((await store.messages('c1')).map((m) => m.seq)).toEqual([1, 2, 3])
      expect((await store.message('c1', 2))?.body).toEqual({ type: 'text', text: 'edited' })
      expect((await store.messages('c1', { beforeSeq: 3, limit: 1 })).map((m) => m.seq)).toEqual([2])
      expect((await store.messages('c1', { afterSeq: 1, limit: 1 })).map((m) => m.seq)).toEqual([2])
      expect(await store.message('c1', 99)).toBeUndefined()
      await store.close()
    })

    it('keeps only the newest messages of each conversation', async () => {
      const { store } = create({ messagesPerConversation: 3 })
      await store.write({ messages: [1, 2, 3, 4, 5].map((seq) => message('c1', seq)) })
      await store.write({ messages: [message('c2', 1)] })
      expect((await store.messages('c1')).map((m) => m.seq)).toEqual([3, 4, 5])
      expect((await store.messages('c2')).map((m) => m.seq)).toEqual([1])
      await store.close()
    })

    it('clear() forgets everything', async () => {
      const { store } = create({})
      await store.write({ owner: { appId: 'a', userId: 'u' }, cursors: { c: 1 }, messages: [message('c', 1)] })
      await store.clear()
      expect(await store.load()).toEqual({ cursors: {}, conversations: [], outbox: [] })
      expect(await store.messages('c')).toEqual([])
      await store.close()
    })
  })
}
