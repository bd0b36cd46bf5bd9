import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from '../storage.js'

/**
 * The console store conformance suite: accounts, sessions, the append-only audit log and the
 * console queries, for every {@link Storage} implementation.
 *
 * @example
 * ```ts
 * describeConsoleStore('sqlite', async () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeConsoleStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`ConsoleStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000
    const day = 24 * 60 * 60 * 1000

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      await storage.apps.create({ id: 'app_a', name: 'A', secretHash: 'hash_a', signingKey: 'key_a', createdAt: now } as never)
    })
    afterEach(async () => storage.close())

    it('stores accounts with unique emails and updates roles', async () => {
      const account = { id: 'ca_1', email: 'a@example.com', name: 'A', passwordHash: '$argon2id$x', role: 'admin' as const, disabled: false, createdAt: now }
      await storage.console.createAccount(account)
      await expect(storage.console.createAccount({ ...account, id: 'ca_2' })).rejects.toMatchObject({ code: 'already_exists' })
      expect(await storage.console.getAccountByEmail('a@example.com')).toEqual(account)
      expect(await storage.console.updateAccount('ca_1', { role: 'viewer' })).toMatchObject({ role: 'viewer' })
      expect(await storage.console.updateAccount('ca_missing', { role: 'viewer' })).toBeUndefined()
      expect(await storage.console.countAccounts()).toBe(1)
    })

    it('stores sessions by hash and removes expired ones', async () => {
      await storage.console.createAccount({ id: 'ca_1', email: 'a@example.com', name: 'A', passwordHash: 'h', role: 'owner', disabled: false, createdAt: now })
      await storage.console.createSession({ idHash: 'h1', accountId: 'ca_1', createdAt: now, expiresAt: now + 10, ip: '::1', userAgent: 'ua' })
      await storage.console.createSession({ idHash: 'h2', accountId: 'ca_1', createdAt: now, expiresAt: now + 1000, ip: null, userAgent: null })
      expect(await storage.console.getSession('h1')).toMatchObject({ accountId: 'ca_1', ip: '::1' })
      expect(await storage.console.deleteExpiredSessions(now + 10)).toBe(1)
      expect(await storage.console.getSession('h1')).toBeUndefined()
      await storage.console.deleteSessionsOf('ca_1')
      expect(await storage.console.getSession('h2')).toBeUndefined()
    })

    it('appends audit entries and lists them newest first with filters', async () => {
      const base = { actorType: 'console' as const, appId: null, target: null, status: 200, ip: '1.2.3.4', userAgent: 'ua', details: null }
      await storage.console.appendAudit({ ...base, ts: now, actorId: 'a@example.com', action: 'app.create' })
      await storage.console.appendAudit({ ...base, ts: now + 1, actorId: 'b@example.com', action: 'console.sign-in', appId: 'app_a' })
      await storage.console.appendAudit({ ...base, ts: now + 2, actorId: null, actorType: 'operator', action: 'POST /api/v1/apps_%' })
      const all = await storage.console.listAudit({ limit: 10 })
      expect(all.map((entry) => entry.ts)).toEqual([now + 2, now + 1, now])
      expect((await storage.console.listAudit({ limit: 10, actor: 'b@' })).map((entry) => entry.action)).toEqual(['console.sign-in'])
      expect((await storage.console.listAudit({ limit: 10, action: '_%' })).map((entry) => entry.ts)).toEqual([now + 2])
      expect((await storage.console.listAudit({ limit: 10, appId: 'app_a' })).length).toBe(1)
      expect((await storage.console.listAudit({ limit: 10, from: now + 1, to: now + 2 })).map((entry) => entry.ts)).toEqual([now + 1])
      expect((await storage.console.listAudit({ limit: 1, beforeId: all[0]!.id })).map((entry) => entry.ts)).toEqual([now + 1])
    })

    it('counts messages and active people per day, and bot replies', async () => {
      await storage.users.create({ appId: 'app_a', id: 'ann', name: 'Ann', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      await storage.users.create({ appId: 'app_a', id: 'ben', name: 'Ben', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      await storage.users.create({ appId: 'app_a', id: 'bot', name: 'Bot', kind: 'bot', avatarUrl: null, ext: {}, createdAt: now })
      const conversation = await storage.conversations.getOrCreateDirect('app_a', 'c_1', 'ann', 'bot', now)
      const send = (senderId: string, ts: number, ext?: Record<string, unknown>) =>
        storage.events.append({ appId: 'app_a', conversationId: conversation.id, senderId, kind: 'message', body: { type: 'text', text: 'hi' }, ts, ...(ext ? { ext } : {}) })
      await send('ann', now)
      await send('ann', now + 1)
      await send('bot', now + 2, { usage: { totalTokens: 40 } })
      await send('ben', now + day)
      const counts = await storage.console.analytics({ appId: 'app_a', since: now - day })
      expect(counts.messagesPerDay.map((entry) => entry.count)).toEqual([3, 1])
      expect(counts.activeUsersPerDay.map((entry) => entry.count)).toEqual([1, 1])
      expect(counts.botRepliesPerDay).toEqual([{ day: counts.messagesPerDay[0]!.day, count: 1 }])
      expect(counts.tokensPerBot).toEqual([{ botId: 'bot', tokens: 40 }])
      expect(counts.botConversations).toBe(1)
      expect((await storage.console.analytics({ appId: 'app_a', since: now + day })).messagesPerDay.map((entry) => entry.count)).toEqual([1])
      expect((await storage.console.searchUsers('app_a', { query: 'an', limit: 10 })).map((user) => user.id)).toEqual(['ann'])
    })

    it("counts one app's people, bots, conversations, recent messages and open support conversations for the dashboard", async () => {
      await storage.users.create({ appId: 'app_a', id: 'ann', name: 'Ann', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      await storage.users.create({ appId: 'app_a', id: 'bot', name: 'Bot', kind: 'bot', avatarUrl: null, ext: {}, createdAt: now })
      await storage.apps.create({ id: 'app_b', name: 'B', secretHash: 'hash_b', signingKey: 'key_b', createdAt: now } as never)
      await storage.users.create({ appId: 'app_b', id: 'ann', name: 'Ann', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      const conversation = await storage.conversations.getOrCreateDirect('app_a', 'c_1', 'ann', 'bot', now)
      const send = (ts: number) => storage.events.append({ appId: 'app_a', conversationId: conversation.id, senderId: 'ann', kind: 'message', body: { type: 'text', text: 'hi' }, ts })
      await send(now - day)
      await send(now)
      await send(now + 1)
      expect(await storage.console.overview('app_a', { since: now })).toEqual({ people: 1, bots: 1, conversations: 1, messagesSince: 2, openSupport: { queued: 0, assigned: 0, snoozed: 0 } })
      expect(await storage.console.overview('app_b', { since: now })).toEqual({ people: 1, bots: 0, conversations: 0, messagesSince: 0, openSupport: { queued: 0, assigned: 0, snoozed: 0 } })
    })
  })
}
