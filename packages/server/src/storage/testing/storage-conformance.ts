import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerError } from '@warbler/protocol'
import type { Storage } from '../storage.js'

/**
 * The storage conformance suite: every implementation of {@link Storage} must pass it.
 *
 * @example
 * ```ts
 * describeStorage('sqlite', async () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeStorage(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`Storage conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      for (const id of ['app_a', 'app_b']) {
        await storage.apps.create({ id, name: id, secretHash: `hash_${id}`, signingKey: `key_${id}`, createdAt: now, settings: {} })
      }
      for (const appId of ['app_a', 'app_b']) {
        for (const id of ['alice', 'bob', 'carol']) {
          await storage.users.create({ appId, id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
        }
      }
    })

    afterEach(async () => {
      await storage.close()
    })

    it('migrate is idempotent', async () => {
      await storage.migrate()
      expect(await storage.apps.get('app_a')).toMatchObject({ id: 'app_a' })
    })

    it('stores apps and finds them by secret hash', async () => {
      expect((await storage.apps.getBySecretHash('hash_app_b'))?.id).toBe('app_b')
      expect(await storage.apps.getBySecretHash('nope')).toBeUndefined()
      expect((await storage.apps.list({ limit: 10 })).map((app) => app.id)).toEqual(['app_a', 'app_b'])
      expect((await storage.apps.list({ limit: 10, after: 'app_a' })).map((app) => app.id)).toEqual(['app_b'])
      expect(await storage.apps.rotateSecret('app_a', 'hash_new')).toBe(true)
      expect((await storage.apps.getBySecretHash('hash_new'))?.id).toBe('app_a')
      expect(await storage.apps.getBySecretHash('hash_app_a')).toBeUndefined()
    })

    it('refuses a duplicate user id within an app, and keeps apps apart', async () => {
      await expect(
        storage.users.create({ appId: 'app_a', id: 'alice', name: 'again', kind: 'person', avatarUrl: null, ext: {}, createdAt: now }),
      ).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'already_exists')
      await storage.users.update('app_a', 'alice', { name: 'Alice A', ext: { vip: true } })
      expect((await storage.users.get('app_a', 'alice'))?.name).toBe('Alice A')
      expect((await storage.users.get('app_b', 'alice'))?.name).toBe('alice')
      expect(await storage.users.existing('app_a', ['alice', 'zed', 'bob'])).toEqual(new Set(['alice', 'bob']))
      expect(await storage.users.get('app_a', 'zed')).toBeUndefined()
    })

    it('searches the people directory by name or id, any case, without banned users or excluded ids, one app only', async () => {
      await storage.users.update('app_a', 'alice', { name: 'Alice Liddell' })
      await storage.users.create({ appId: 'app_a', id: 'helper', name: 'Ali Bot', kind: 'bot', avatarUrl: 'https://example.com/a.png', ext: {}, createdAt: now })
      await storage.users.create({ appId: 'app_a', id: 'visitor:ali', name: 'Ali visitor', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      await storage.users.create({ appId: 'app_a', id: 'x_100%', name: '100% Ali', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      const ids = async (options: { query?: string; ids?: string[] }) => (await storage.users.searchPeople('app_a', { ...options, excludeIdPrefix: 'visitor:', limit: 10 })).map((user) => user.id)
      expect(await ids({ query: 'ALI' })).toEqual(['x_100%', 'helper', 'alice'])
      expect(await ids({ query: '0%' })).toEqual(['x_100%'])
      expect(await ids({ query: 'a_' })).toEqual([])
      expect(await ids({ query: 'car' })).toEqual(['carol'])
      expect(await ids({ ids: ['bob', 'visitor:ali', 'zed'] })).toEqual(['bob'])
      expect(await ids({ ids: [] })).toEqual([])
      await storage.users.update('app_a', 'alice', { banned: true })
      expect(await ids({ query: 'ali' })).toEqual(['x_100%', 'helper'])
      expect((await storage.users.searchPeople('app_b', { query: 'ali', limit: 10 })).map((user) => user.id)).toEqual(['alice'])
      expect((await storage.users.searchPeople('app_a', { query: 'ali', limit: 1 })).map((user) => user.id)).toEqual(['x_100%'])
      expect(await storage.users.searchPeople('app_a', { query: 'ali', limit: 10 })).toContainEqual(expect.objectContaining({ id: 'visitor:ali' }))
    })

    it('bumps the token version of one user only', async () => {
      expect(await storage.users.bumpTokenVersion('app_a', 'alice')).toBe(1)
      expect(await storage.users.bumpTokenVersion('app_a', 'alice')).toBe(2)
      expect((await storage.users.get('app_b', 'alice'))?.tokenVersion).toBe(0)
      expect(await storage.users.bumpTokenVersion('app_a', 'nobody')).toBeUndefined()
    })

    it('has exactly one direct conversation per pair, even under concurrent opens', async () => {
      const opened = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          index % 2 === 0
            ? storage.conversations.getOrCreateDirect('app_a', `c_${index}`, 'alice', 'bob', now)
            : storage.conversations.getOrCreateDirect('app_a', `c_${index}`, 'bob', 'alice', now),
        ),
      )
      expect(new Set(opened.map((conversation) => conversation.id)).size).toBe(1)
      expect(opened[0]).toMatchObject({ kind: 'direct', memberCount: 2, lastSeq: 0 })
      const other = await storage.conversations.getOrCreateDirect('app_b', 'c_other', 'alice', 'bob', now)
      expect(other.id).toBe('c_other')
      expect(await storage.conversations.memberIds('app_a', opened[0]!.id)).toHaveLength(2)
    })

    it('creates groups with roles and answers membership', async () => {
      const group = await storage.conversations.createGroup(
        { appId: 'app_a', id: 'g1', kind: 'group', name: 'Demo', ownerId: 'alice', ext: { topic: 'x' }, createdAt: now },
        [
          { userId: 'alice', role: 'owner' },
          { userId: 'bob', role: 'member' },
        ],
      )
      expect(group).toMatchObject({ id: 'g1', name: 'Demo', memberCount: 2, ext: { topic: 'x' } })
      expect((await storage.conversations.getMember('app_a', 'g1', 'alice'))?.role).toBe('owner')
      expect(await storage.conversations.getMember('app_a', 'g1', 'carol')).toBeUndefined()
      expect(await storage.conversations.get('app_b', 'g1')).toBeUndefined()
      expect(await storage.conversations.getMember('app_b', 'g1', 'alice')).toBeUndefined()
      expect((await storage.conversations.listMembers('app_a', 'g1')).map((member) => member.userId)).toEqual(['alice', 'bob'])
      await expect(
        storage.conversations.createGroup({ appId: 'app_a', id: 'g1', kind: 'group', name: 'x', ownerId: 'alice', ext: {}, createdAt: now }, []),
      ).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'already_exists')
    })

    describe('event log', () => {
      beforeEach(async () => {
        await storage.conversations.createGroup(
          { appId: 'app_a', id: 'g1', kind: 'group', name: 'Demo', ownerId: 'alice', ext: {}, createdAt: now },
          [
            { userId: 'alice', role: 'owner' },
            { userId: 'bob', role: 'member' },
          ],
        )
      })

      const text = (value: string) => ({ type: 'text' as const, text: value })

      it('allocates gapless seqs under concurrent appends', async () => {
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) =>
            storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: index % 2 ? 'alice' : 'bob', kind: 'message', body: text(`m${index}`), ts: now }),
          ),
        )
        expect(results.map((result) => result.event.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1))
        expect((await storage.conversations.get('app_a', 'g1'))?.lastSeq).toBe(200)
      })

      it('appends to many conversations at once: gapless seqs in order per conversation, one clientMsgId stored once across them', async () => {
        for (const id of ['g2', 'g3']) {
          await storage.conversations.createGroup({ appId: 'app_a', id, kind: 'group', name: id, ownerId: 'alice', ext: {}, createdAt: now }, [
            { userId: 'alice', role: 'owner' },
            { userId: 'bob', role: 'member' },
          ])
        }
        const append = (conversationId: string, senderId: string, body: string, clientMsgId?: string) =>
          storage.events.append({ appId: 'app_a', conversationId, senderId, kind: 'message', body: text(body), ts: now, ...(clientMsgId ? { clientMsgId } : {}) })
        // All issued in one turn: a storage may commit them in one batch across conversations.
        const results = await Promise.all([
          append('g1', 'alice', 'g1 a'),
          append('g2', 'bob', 'g2 a', 'same'),
          append('g3', 'alice', 'g3 a'),
          append('g1', 'bob', 'g1 b'),
          append('g3', 'bob', 'g3 b', 'same'), // bob's clientMsgId again, in another conversation
          append('g2', 'alice', 'g2 b'),
          append('g1', 'alice', 'g1 c'),
        ])
        // Which of bob's two 'same' appends is stored is the storage's choice; the other answers with it.
        const [stored, repeated] = results[1]!.duplicate ? [results[4]!, results[1]!] : [results[1]!, results[4]!]
        expect(stored.duplicate).toBe(false)
        expect(repeated).toEqual({ event: stored.event, duplicate: true })
        expect(results.filter((result) => !result.duplicate).map((result) => `${result.event.conversationId}#${result.event.seq}`).sort()).toEqual(
          ['g1#1', 'g1#2', 'g1#3', 'g2#1', 'g2#2', 'g3#1', 'g3#2'].filter((key) => key !== (stored.event.conversationId === 'g2' ? 'g3#2' : 'g2#2')),
        )
        const last = { g1: 3, g2: stored.event.conversationId === 'g2' ? 2 : 1, g3: stored.event.conversationId === 'g3' ? 2 : 1 }
        for (const [id, lastSeq] of Object.entries(last)) {
          expect((await storage.conversations.get('app_a', id))?.lastSeq).toBe(lastSeq)
          const { events } = await storage.events.range('app_a', id, { afterSeq: 0, limit: 10 })
          expect(events.map((event) => event.seq)).toEqual(Array.from({ length: lastSeq }, (_, index) => index + 1))
        }
        expect((await storage.events.range('app_a', 'g1', { afterSeq: 0, limit: 10 })).events.map((event) => (event.body as { text: string }).text)).toEqual(['g1 a', 'g1 b', 'g1 c'])
      })

      it('returns the first event for a repeated clientMsgId and stores nothing new', async () => {
        const first = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('one'), clientMsgId: 'm-1', ts: now })
        const [again, concurrent] = await Promise.all([
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('changed'), clientMsgId: 'm-1', ts: now + 5 }),
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('changed'), clientMsgId: 'm-1', ts: now + 5 }),
        ])
        expect(first.duplicate).toBe(false)
        for (const result of [again, concurrent]) {
          expect(result.duplicate).toBe(true)
          expect(result.event).toEqual(first.event)
        }
        const other = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'message', body: text('bob'), clientMsgId: 'm-1', ts: now })
        expect(other).toMatchObject({ duplicate: false, event: { seq: 2 } })
        expect((await storage.conversations.get('app_a', 'g1'))?.lastSeq).toBe(2)
      })

      it('refuses appends to a missing conversation or another app’s conversation, without breaking others', async () => {
        const results = await Promise.allSettled([
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('ok'), ts: now }),
          storage.events.append({ appId: 'app_b', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('x'), ts: now }),
          storage.events.append({ appId: 'app_a', conversationId: 'missing', senderId: 'alice', kind: 'message', body: text('x'), ts: now }),
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'message', body: text('ok2'), ts: now }),
        ])
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
        const rejected = results[1] as PromiseRejectedResult
        expect(WarblerError.isInstance(rejected.reason) && rejected.reason.code).toBe('conversation_not_found')
        const page = await storage.events.range('app_a', 'g1', { afterSeq: 0, limit: 10 })
        expect(page.events.map((event) => event.seq)).toEqual([1, 2])
        expect((await storage.events.range('app_b', 'g1', { afterSeq: 0, limit: 10 })).events).toEqual([])
      })

      it('stores every field and reads it back', async () => {
        const { event } = await storage.events.append({
          appId: 'app_a',
          conversationId: 'g1',
          senderId: 'alice',
          kind: 'message',
          body: { type: 'text', text: '你好 👋🏽 \u0000 end', mentions: ['bob'] },
          status: 'streaming',
          clientMsgId: 'x1',
          ext: { nested: { a: [1, 2] } },
          ts: now,
        })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'edit', targetSeq: event.seq, body: text('done'), data: { reason: 'stream-end' }, ts: now + 1 })
        const page = await storage.events.range('app_a', 'g1', { afterSeq: 0, limit: 10 })
        // the message reads back as it is now: the edit replaced its body (an edit of a message
        // still streaming is its own text arriving, not a person's edit: no editedAt)
        expect(page.events[0]).toEqual({
          conversationId: 'g1',
          seq: 1,
          ts: now,
          senderId: 'alice',
          kind: 'message',
          body: { type: 'text', text: 'done' },
          status: 'streaming',
          clientMsgId: 'x1',
          ext: { nested: { a: [1, 2] } },
        })
        expect(page.events[1]).toEqual({ conversationId: 'g1', seq: 2, ts: now + 1, senderId: 'alice', kind: 'edit', targetSeq: 1, body: text('done'), data: { reason: 'stream-end' } })
        expect(await storage.events.get('app_a', 'g1', 2)).toEqual(page.events[1])
        expect(await storage.events.get('app_b', 'g1', 2)).toBeUndefined()
      })

      it('the edit that closes a stream makes the message final without marking it edited; a later edit marks it', async () => {
        const { event } = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('…'), status: 'streaming', ts: now })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'edit', targetSeq: event.seq, body: text('Full answer'), status: 'final', ext: { citations: [] }, ts: now + 5 })
        const closed = await storage.events.get('app_a', 'g1', event.seq)
        expect(closed).toMatchObject({ body: text('Full answer'), status: 'final', ext: { citations: [] } })
        expect(closed?.editedAt).toBeUndefined()
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'edit', targetSeq: event.seq, body: text('Fuller answer'), ts: now + 9 })
        const edited = (await storage.events.range('app_a', 'g1', { afterSeq: 0, limit: 10 })).events[0]
        expect(edited).toMatchObject({ body: text('Fuller answer'), status: 'final', editedAt: now + 9 })
      })

      it('pages history both ways', async () => {
        for (let index = 1; index <= 25; index++) {
          await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text(`m${index}`), ts: now + index })
        }
        const first = await storage.events.range('app_a', 'g1', { afterSeq: 0, limit: 10 })
        expect(first.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        expect(first.hasMore).toBe(true)
        const last = await storage.events.range('app_a', 'g1', { afterSeq: 20, limit: 10 })
        expect(last.events.map((event) => event.seq)).toEqual([21, 22, 23, 24, 25])
        expect(last.hasMore).toBe(false)
        const back = await storage.events.range('app_a', 'g1', { beforeSeq: 26, limit: 10 })
        expect(back.events.map((event) => event.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
        expect(back.hasMore).toBe(true)
        const start = await storage.events.range('app_a', 'g1', { beforeSeq: 4, limit: 10 })
        expect(start.events.map((event) => event.seq)).toEqual([1, 2, 3])
        expect(start.hasMore).toBe(false)
        const window = await storage.events.range('app_a', 'g1', { afterSeq: 10, beforeSeq: 14, limit: 10 })
        expect(window.events.map((event) => event.seq)).toEqual([11, 12, 13])
        expect(window.hasMore).toBe(false)
      })

      it('reports cursors, advances read positions forward only, and counts own messages as read', async () => {
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('1'), ts: now })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('2'), ts: now })
        await storage.conversations.getOrCreateDirect('app_a', 'd1', 'bob', 'carol', now)
        const bob = await storage.conversations.cursorsForUser('app_a', 'bob')
        expect(bob.sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual([
          { conversationId: 'd1', kind: 'direct', lastSeq: 0, readSeq: 0 },
          { conversationId: 'g1', kind: 'group', lastSeq: 2, readSeq: 0 },
        ])
        expect(await storage.conversations.cursorsForUser('app_a', 'bob', { g1: 2 })).toEqual([])
        expect(await storage.conversations.cursorsForUser('app_a', 'bob', { g1: 1 })).toEqual([{ conversationId: 'g1', kind: 'group', lastSeq: 2, readSeq: 0 }])
        expect(await storage.conversations.cursorsForUser('app_a', 'alice')).toEqual([{ conversationId: 'g1', kind: 'group', lastSeq: 2, readSeq: 2 }])
        expect(await storage.conversations.markRead('app_a', 'g1', 'bob', 1)).toBe(1)
        expect(await storage.conversations.markRead('app_a', 'g1', 'bob', 0)).toBe(1)
        expect(await storage.conversations.markRead('app_a', 'g1', 'bob', 99)).toBe(2)
        await expect(storage.conversations.markRead('app_a', 'g1', 'carol', 1)).rejects.toSatisfy(
          (error: unknown) => WarblerError.isInstance(error) && error.code === 'not_member',
        )
        expect(await storage.conversations.cursorsForUser('app_b', 'bob')).toEqual([])
      })
      it('keeps the current state of a message through edits, reactions and a recall', async () => {
        const { event } = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('helo wrld'), searchTokens: 'helo wrld', ts: now })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'message', body: text('reply'), replyToSeq: event.seq, ts: now + 1 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'edit', targetSeq: event.seq, body: text('hello world'), searchTokens: 'hello world', ts: now + 2 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'reaction', targetSeq: event.seq, data: { emoji: '👍' }, ts: now + 3 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'reaction', targetSeq: event.seq, data: { emoji: '👍' }, ts: now + 3 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'reaction', targetSeq: event.seq, data: { emoji: '🎉' }, ts: now + 3 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'reaction', targetSeq: event.seq, data: { emoji: '🎉', remove: true }, ts: now + 3 })
        const edited = await storage.events.get('app_a', 'g1', event.seq)
        expect(edited).toMatchObject({ body: text('hello world'), editedAt: now + 2, reactions: { '👍': ['bob', 'alice'] } })
        expect((await storage.events.get('app_a', 'g1', 2))?.replyToSeq).toBe(event.seq)
        expect((await storage.events.search('app_a', 'bob', { terms: ['world'], limit: 10 })).map((found) => found.seq)).toEqual([event.seq])
        expect(await storage.events.search('app_a', 'bob', { terms: ['wrld'], limit: 10 })).toEqual([])
        const conversation = await storage.conversations.get('app_a', 'g1')
        expect(conversation).toMatchObject({ lastSeq: 7, lastMessageSeq: 2, lastActivityAt: now + 3 })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'recall', targetSeq: event.seq, ts: now + 4 })
        const recalled = await storage.events.get('app_a', 'g1', event.seq)
        expect(recalled?.body).toBeUndefined()
        expect(recalled?.reactions).toBeUndefined()
        expect(recalled?.recalledAt).toBe(now + 4)
        expect(await storage.events.search('app_a', 'bob', { terms: ['world'], limit: 10 })).toEqual([])
        await expect(
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'edit', targetSeq: event.seq, body: text('again'), ts: now + 5 }),
        ).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'message_recalled')
        await expect(
          storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'reaction', targetSeq: 999, data: { emoji: 'x' }, ts: now }),
        ).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'not_found')
        expect((await storage.conversations.get('app_a', 'g1'))?.lastSeq).toBe(8)
      })

      it('searches only what a member may see: membership, join point, hidden, filters', async () => {
        const first = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('天气 early'), searchTokens: '天气 early', ts: now })
        await storage.conversations.addMembers('app_a', 'g1', [{ userId: 'carol', role: 'member' }], now, { hideHistory: true })
        const second = await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'message', body: text('天气 late'), searchTokens: '天气 late', ts: now + 10 })
        expect((await storage.events.search('app_a', 'carol', { terms: ['天气'], limit: 10 })).map((found) => found.seq)).toEqual([second.event.seq])
        expect((await storage.events.search('app_a', 'bob', { terms: ['天气'], limit: 10 })).map((found) => found.seq)).toEqual([second.event.seq, first.event.seq])
        expect((await storage.events.search('app_a', 'bob', { terms: ['天气'], senderId: 'alice', limit: 10 })).map((found) => found.seq)).toEqual([first.event.seq])
        expect((await storage.events.search('app_a', 'bob', { terms: ['天气'], fromTs: now + 5, limit: 10 })).map((found) => found.seq)).toEqual([second.event.seq])
        expect((await storage.events.search('app_a', 'bob', { terms: ['天气', 'late'], limit: 10 })).map((found) => found.seq)).toEqual([second.event.seq])
        await storage.events.hide('app_a', 'bob', 'g1', second.event.seq)
        expect((await storage.events.search('app_a', 'bob', { terms: ['天气'], limit: 10 })).map((found) => found.seq)).toEqual([first.event.seq])
        expect(await storage.events.hiddenAmong('app_a', 'bob', 'g1', [first.event.seq, second.event.seq])).toEqual(new Set([second.event.seq]))
        expect(await storage.events.search('app_a', 'dave', { terms: ['天气'], limit: 10 })).toEqual([])
        expect(await storage.events.search('app_b', 'bob', { terms: ['天气'], limit: 10 })).toEqual([])
      })

      it('adds and removes members, with join points, roles, mutes, pins and receipts', async () => {
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'alice', kind: 'message', body: text('1'), ts: now })
        expect(await storage.conversations.addMembers('app_a', 'g1', [{ userId: 'carol', role: 'member' }, { userId: 'bob', role: 'member' }], now, { hideHistory: true })).toEqual(['carol'])
        expect(await storage.conversations.getMember('app_a', 'g1', 'carol')).toMatchObject({ role: 'member', readSeq: 1, deliveredSeq: 1, visibleFromSeq: 2, mutedUntil: null, pinned: false })
        expect((await storage.conversations.get('app_a', 'g1'))?.memberCount).toBe(3)
        expect(await storage.conversations.updateMember('app_a', 'g1', 'carol', { role: 'admin', mutedUntil: now + 60_000, pinned: true, notificationsMuted: true })).toMatchObject({
          role: 'admin',
          mutedUntil: now + 60_000,
          pinned: true,
          notificationsMuted: true,
        })
        await storage.events.append({ appId: 'app_a', conversationId: 'g1', senderId: 'bob', kind: 'message', body: text('2'), ts: now + 1 })
        expect(await storage.conversations.unreadCount('app_a', 'g1', 'carol', 1)).toBe(1)
        expect(await storage.conversations.unreadCount('app_a', 'g1', 'bob', 0)).toBe(1)
        expect(await storage.conversations.markDelivered('app_a', 'g1', 'alice', 2)).toBe(2)
        expect(await storage.conversations.receiptCounts('app_a', 'g1', 2, { listReaders: true })).toEqual({ members: 3, read: 1, delivered: 2, readers: ['bob'] })
        const list = await storage.conversations.listForUser('app_a', 'carol', { limit: 10 })
        expect(list.map((entry) => [entry.conversation.id, entry.member.pinned])).toEqual([['g1', true]])
        expect(await storage.conversations.removeMembers('app_a', 'g1', ['carol', 'nobody'])).toEqual(['carol'])
        expect((await storage.conversations.get('app_a', 'g1'))?.memberCount).toBe(2)
        const updated = await storage.conversations.updateConversation('app_a', 'g1', { name: 'Renamed', settings: { muteAll: true }, dissolvedAt: now + 9 })
        expect(updated).toMatchObject({ name: 'Renamed', settings: { muteAll: true }, dissolvedAt: now + 9 })
        expect(await storage.conversations.get('app_a', 'g1')).toMatchObject({ name: 'Renamed', settings: { muteAll: true }, dissolvedAt: now + 9 })
      })

      it('keeps join requests: one pending per user and group, decided once', async () => {
        const request = { appId: 'app_a', id: 'jr1', conversationId: 'g1', userId: 'carol', message: 'hi', status: 'pending' as const, createdAt: now, decidedBy: null, decidedAt: null }
        await storage.conversations.createJoinRequest(request)
        await expect(storage.conversations.createJoinRequest({ ...request, id: 'jr2' })).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'already_exists')
        expect((await storage.conversations.listJoinRequests('app_a', 'g1')).map((entry) => entry.id)).toEqual(['jr1'])
        expect(await storage.conversations.decideJoinRequest('app_a', 'jr1', 'accepted', 'alice', now + 1)).toMatchObject({ status: 'accepted', decidedBy: 'alice' })
        expect(await storage.conversations.decideJoinRequest('app_a', 'jr1', 'declined', 'alice', now + 2)).toBeUndefined()
        expect(await storage.conversations.listJoinRequests('app_a', 'g1')).toEqual([])
        expect(await storage.conversations.getJoinRequest('app_b', 'jr1')).toBeUndefined()
      })
    })

    it('keeps friends, friend requests and blocks per app', async () => {
      const request = { appId: 'app_a', id: 'fr1', fromId: 'alice', toId: 'bob', message: 'hi', status: 'pending' as const, createdAt: now }
      await storage.social.createFriendRequest(request)
      await expect(storage.social.createFriendRequest({ ...request, id: 'fr2' })).rejects.toSatisfy((error: unknown) => WarblerError.isInstance(error) && error.code === 'already_exists')
      expect((await storage.social.listFriendRequests('app_a', 'bob')).incoming.map((entry) => entry.id)).toEqual(['fr1'])
      expect((await storage.social.listFriendRequests('app_a', 'alice')).outgoing.map((entry) => entry.id)).toEqual(['fr1'])
      expect(await storage.social.decideFriendRequest('app_a', 'fr1', 'accepted', now)).toMatchObject({ status: 'accepted' })
      expect(await storage.social.decideFriendRequest('app_a', 'fr1', 'declined', now)).toBeUndefined()
      await storage.social.addFriendship('app_a', 'alice', 'bob', now)
      await storage.social.addFriendship('app_a', 'bob', 'alice', now)
      expect(await storage.social.areFriends('app_a', 'bob', 'alice')).toBe(true)
      expect(await storage.social.areFriends('app_b', 'bob', 'alice')).toBe(false)
      expect(await storage.social.setRemark('app_a', 'alice', 'bob', 'Bobby')).toMatchObject({ userId: 'bob', remark: 'Bobby' })
      expect(await storage.social.setRemark('app_a', 'alice', 'carol', 'x')).toBeUndefined()
      expect(await storage.social.listFriends('app_a', 'alice')).toEqual([{ userId: 'bob', remark: 'Bobby', createdAt: now }])
      expect(await storage.social.removeFriendship('app_a', 'bob', 'alice')).toBe(true)
      expect(await storage.social.areFriends('app_a', 'alice', 'bob')).toBe(false)
      await storage.social.block('app_a', 'alice', 'carol', now)
      await storage.social.block('app_a', 'alice', 'carol', now)
      expect(await storage.social.isBlocked('app_a', 'alice', 'carol')).toBe(true)
      expect(await storage.social.isBlocked('app_a', 'carol', 'alice')).toBe(false)
      expect(await storage.social.listBlocked('app_a', 'alice')).toEqual(['carol'])
      await storage.social.unblock('app_a', 'alice', 'carol')
      expect(await storage.social.listBlocked('app_a', 'alice')).toEqual([])
    })

    it('keeps app settings', async () => {
      expect((await storage.apps.get('app_a'))?.settings).toEqual({})
      expect(await storage.apps.updateSettings('app_a', { directMessages: 'friends' })).toBe(true)
      expect((await storage.apps.get('app_a'))?.settings).toEqual({ directMessages: 'friends' })
      expect((await storage.apps.get('app_b'))?.settings).toEqual({})
    })


    it('keeps settings', async () => {
      expect(await storage.settings.get('k')).toBeUndefined()
      expect(await storage.settings.setIfAbsent('k', 'v1')).toBe('v1')
      expect(await storage.settings.setIfAbsent('k', 'v2')).toBe('v1')
      await storage.settings.set('k', 'v3')
      expect(await storage.settings.get('k')).toBe('v3')
    })
  })
}
