import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../sqlite/sqlite-storage.js'
import type { Storage } from '../storage.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

const now = 1_700_000_000_000
const text = (value: string) => ({ type: 'text' as const, text: value })

/**
 * One scripted session of IM features; returns everything a user could observe along the way.
 * The reference (SQLite) and PostgreSQL must observe the same.
 */
async function scenario(storage: Storage): Promise<unknown[]> {
  const seen: unknown[] = []
  const note = (value: unknown) => seen.push(JSON.parse(JSON.stringify(value ?? null)))
  await storage.migrate()
  await storage.apps.create({ id: 'app', name: 'App', secretHash: 'h', signingKey: 'k', createdAt: now, settings: { allowStrangers: false } } as never)
  await storage.apps.create({ id: 'other', name: 'Other', secretHash: 'h2', signingKey: 'k2', createdAt: now, settings: {} } as never)
  note(await storage.apps.updateSettings('app', { allowStrangers: true } as never))
  note(await storage.apps.get('app'))
  for (const id of ['alice', 'bob', 'carol', 'dave']) await storage.users.create({ appId: 'app', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
  await storage.conversations.createGroup({ appId: 'app', id: 'g', kind: 'group', name: 'G', ownerId: 'alice', ext: {}, createdAt: now, settings: { muteAll: false } }, [
    { userId: 'alice', role: 'owner' },
    { userId: 'bob', role: 'member' },
  ])
  const send = (senderId: string, extra: Record<string, unknown>) =>
    storage.events.append({ appId: 'app', conversationId: 'g', senderId, kind: 'message', ts: now + seen.length, ...extra } as never)
  note(await send('alice', { body: text('Hello World'), searchTokens: 'hello world' }))
  note(await send('bob', { body: text('你好 世界'), searchTokens: '你好 世界', replyToSeq: 1 }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'alice', kind: 'edit', targetSeq: 1, body: text('Hello there'), searchTokens: 'hello there', ts: now + 10 }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'reaction', targetSeq: 1, data: { emoji: '👍' }, ts: now + 11 }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'alice', kind: 'reaction', targetSeq: 1, data: { emoji: '👍' }, ts: now + 12 }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'reaction', targetSeq: 1, data: { emoji: '👍', remove: true }, ts: now + 13 }))
  note(await send('bob', { body: text('thinking'), status: 'streaming', ext: { draft: true } }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'edit', targetSeq: 7, body: text('answer'), status: 'final', ext: { citations: [1] }, ts: now + 9 }))
  note(await storage.events.get('app', 'g', 7))
  note(await storage.events.get('app', 'g', 1))
  note(await storage.events.search('app', 'bob', { terms: ['hello'], limit: 10 }))
  note(await storage.events.search('app', 'bob', { terms: ['world'], limit: 10 }))
  note(await storage.events.search('app', 'bob', { terms: ['你好'], limit: 10 }))
  note(await storage.events.search('app', 'carol', { terms: ['你好'], limit: 10 }))
  note(await storage.events.search('app', 'alice', { terms: ['hello', 'there'], senderId: 'alice', fromTs: now, toTs: now + 100, limit: 10 }))
  note(await storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'recall', targetSeq: 2, ts: now + 14 }))
  await expect(storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'edit', targetSeq: 2, body: text('x'), ts: now + 15 })).rejects.toMatchObject({
    code: 'message_recalled',
  })
  await expect(storage.events.append({ appId: 'app', conversationId: 'g', senderId: 'bob', kind: 'reaction', targetSeq: 99, data: { emoji: 'x' }, ts: now + 15 })).rejects.toMatchObject({
    code: 'not_found',
  })
  note(await storage.events.search('app', 'alice', { terms: ['你好'], limit: 10 }))
  note(await storage.events.range('app', 'g', { afterSeq: 0, limit: 50 }))
  await storage.events.hide('app', 'alice', 'g', 1)
  await storage.events.hide('app', 'alice', 'g', 1)
  note([...(await storage.events.hiddenAmong('app', 'alice', 'g', [1, 2, 3]))])
  note(await storage.events.search('app', 'alice', { terms: ['hello'], limit: 10 }))
  note(await storage.conversations.addMembers('app', 'g', [{ userId: 'carol', role: 'member' }, { userId: 'bob', role: 'admin' }, { userId: 'dave', role: 'member' }], now + 20, { hideHistory: true }))
  note(await storage.events.search('app', 'carol', { terms: ['hello'], limit: 10 }))
  note(await storage.conversations.listMembers('app', 'g'))
  note(await storage.conversations.removeMembers('app', 'g', ['dave', 'nobody']))
  note(await storage.conversations.updateMember('app', 'g', 'bob', { pinned: true, mutedUntil: now + 99, role: 'admin' }))
  note(await storage.conversations.updateConversation('app', 'g', { name: 'G2', settings: { muteAll: true } }))
  note(await storage.conversations.get('app', 'g'))
  await send('carol', { body: text('late') })
  note(await storage.conversations.markDelivered('app', 'g', 'bob', 999))
  note(await storage.conversations.markRead('app', 'g', 'bob', 3))
  note(await storage.conversations.unreadCount('app', 'g', 'bob', 0))
  note(await storage.conversations.receiptCounts('app', 'g', 3, { listReaders: true }))
  note(await storage.conversations.receiptCounts('app', 'g', 1, { listReaders: false }))
  const direct = await storage.conversations.getOrCreateDirect('app', 'd', 'bob', 'alice', now + 30)
  note(direct)
  note(await storage.conversations.findDirect('app', 'alice', 'bob'))
  note(await storage.conversations.findDirect('app', 'alice', 'carol'))
  note(await storage.conversations.listForUser('app', 'bob', { limit: 10 }))
  note(await storage.conversations.listForUser('app', 'alice', { limit: 10, beforeActivityAt: now + 1000 }))
  await storage.conversations.createJoinRequest({ appId: 'app', id: 'j1', conversationId: 'g', userId: 'dave', message: 'hi', status: 'pending', createdAt: now, decidedBy: null, decidedAt: null })
  await expect(
    storage.conversations.createJoinRequest({ appId: 'app', id: 'j2', conversationId: 'g', userId: 'dave', message: null, status: 'pending', createdAt: now, decidedBy: null, decidedAt: null }),
  ).rejects.toMatchObject({ code: 'already_exists' })
  note(await storage.conversations.listJoinRequests('app', 'g'))
  note(await storage.conversations.decideJoinRequest('app', 'j1', 'accepted', 'alice', now + 40))
  note(await storage.conversations.decideJoinRequest('app', 'j1', 'declined', 'alice', now + 41))
  note(await storage.conversations.getJoinRequest('app', 'j1'))
  await storage.social.createFriendRequest({ appId: 'app', id: 'f1', fromId: 'alice', toId: 'carol', message: null, status: 'pending', createdAt: now })
  await expect(storage.social.createFriendRequest({ appId: 'app', id: 'f2', fromId: 'alice', toId: 'carol', message: null, status: 'pending', createdAt: now })).rejects.toMatchObject({
    code: 'already_exists',
  })
  note(await storage.social.listFriendRequests('app', 'carol'))
  note(await storage.social.decideFriendRequest('app', 'f1', 'accepted', now + 50))
  await storage.social.addFriendship('app', 'alice', 'carol', now + 50)
  await storage.social.addFriendship('app', 'carol', 'alice', now + 51)
  note(await storage.social.areFriends('app', 'carol', 'alice'))
  note(await storage.social.setRemark('app', 'alice', 'carol', 'Caz'))
  note(await storage.social.setRemark('app', 'alice', 'dave', 'x'))
  note(await storage.social.listFriends('app', 'alice'))
  note(await storage.social.removeFriendship('app', 'carol', 'alice'))
  note(await storage.social.removeFriendship('app', 'carol', 'alice'))
  await storage.social.block('app', 'bob', 'dave', now)
  await storage.social.block('app', 'bob', 'dave', now)
  note([await storage.social.isBlocked('app', 'bob', 'dave'), await storage.social.isBlocked('app', 'dave', 'bob'), await storage.social.listBlocked('app', 'bob')])
  await storage.social.unblock('app', 'bob', 'dave')
  note(await storage.social.listBlocked('app', 'bob'))
  note(await storage.console.searchUsers('app', { query: 'a', limit: 10 }))
  note(await storage.console.listGroups('app', { limit: 10 }))
  note(await storage.console.analytics({ appId: 'app', since: 0 }))
  await storage.close()
  return seen
}

describe.skipIf(skip)('PostgreSQL storage matches the SQLite reference', () => {
  it('observes the same through a session of IM features (edits, reactions, recalls, search, members, receipts, requests, friends)', async () => {
    const reference = await scenario(await SqliteStorage.open({ filename: ':memory:' }))
    const schema = testSchemaName()
    schemas.push(schema)
    const postgres = await scenario(await PostgresStorage.open({ url: TEST_DATABASE_URL, schema }))
    expect(postgres).toHaveLength(reference.length)
    reference.forEach((value, index) => expect({ step: index, value: postgres[index] }).toEqual({ step: index, value }))
  })
})
