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
        await storage.apps.create({ id, name: id, secretHash: `hash_${id}`, signingKey: `key_${id}`, createdAt: now })
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
        expect(page.events[0]).toEqual({
          conversationId: 'g1',
          seq: 1,
          ts: now,
          senderId: 'alice',
          kind: 'message',
          body: { type: 'text', text: '你好 👋🏽 \u0000 end', mentions: ['bob'] },
          status: 'streaming',
          clientMsgId: 'x1',
          ext: { nested: { a: [1, 2] } },
        })
        expect(page.events[1]).toEqual({ conversationId: 'g1', seq: 2, ts: now + 1, senderId: 'alice', kind: 'edit', targetSeq: 1, body: text('done'), data: { reason: 'stream-end' } })
        expect(await storage.events.get('app_a', 'g1', 2)).toEqual(page.events[1])
        expect(await storage.events.get('app_b', 'g1', 2)).toBeUndefined()
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
