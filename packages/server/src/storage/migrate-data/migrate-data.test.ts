import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresStorage } from '../postgres/postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../postgres/testing/postgres-test-database.js'
import { SqliteStorage } from '../sqlite/sqlite-storage.js'
import type { Storage } from '../storage.js'
import { SqliteKnowledgeStore, toIndexText, toQueryTerms, type KnowledgeStore } from '@warbler/ai'
// The PostgreSQL knowledge store lives in @warbler/ai; imported by path until the package exports it.
import { PostgresKnowledgeStore } from '../../../../ai/src/knowledge/store/postgres/postgres-knowledge-store.js'
import { migrateData } from './migrate-data.js'

const skip = await postgresSkipReason()
const directory = mkdtempSync(join(tmpdir(), 'warbler-migrate-data-'))
const schemas: string[] = []
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true })
  await dropSchemas(schemas)
})

const now = 1_700_000_000_000
const text = (value: string) => ({ type: 'text' as const, text: value })

/** A small but varied deployment: two apps, users, a group and direct chats, edits, reactions, recalls, friends, an audit log. */
async function seed(storage: Storage): Promise<void> {
  for (const appId of ['app_a', 'app_b']) {
    await storage.apps.create({ id: appId, name: appId, secretHash: `h_${appId}`, signingKey: `k_${appId}`, createdAt: now, settings: {} } as never)
    for (let index = 0; index < 12; index++) {
      await storage.users.create({ appId, id: `u${index}`, name: `用户 ${index}`, kind: index === 0 ? 'bot' : 'person', avatarUrl: null, ext: { index }, createdAt: now })
    }
    await storage.users.update(appId, 'u3', { banned: true })
    await storage.conversations.createGroup({ appId, id: 'g', kind: 'group', name: 'G', ownerId: 'u1', ext: {}, createdAt: now, settings: {} }, [
      { userId: 'u1', role: 'owner' },
      { userId: 'u2', role: 'member' },
      { userId: 'u0', role: 'member' },
    ])
    for (let index = 0; index < 40; index++) {
      await storage.events.append({ appId, conversationId: 'g', senderId: index % 2 ? 'u1' : 'u2', kind: 'message', body: text(`m${index} \u0000 👋🏽`), clientMsgId: `c${index}`, searchTokens: `word${index % 5} common`, ts: now + index })
    }
    await storage.events.append({ appId, conversationId: 'g', senderId: 'u1', kind: 'edit', targetSeq: 1, body: text('edited'), searchTokens: 'edited', ts: now + 100 })
    await storage.events.append({ appId, conversationId: 'g', senderId: 'u2', kind: 'reaction', targetSeq: 2, data: { emoji: '🎉' }, ts: now + 101 })
    await storage.events.append({ appId, conversationId: 'g', senderId: 'u2', kind: 'recall', targetSeq: 4, ts: now + 102 })
    for (let index = 2; index < 12; index++) {
      const direct = await storage.conversations.getOrCreateDirect(appId, `d${index}`, 'u1', `u${index}`, now)
      await storage.events.append({ appId, conversationId: direct.id, senderId: `u${index}`, kind: 'message', body: text(`hi ${index}`), ts: now + index })
    }
    await storage.conversations.markRead(appId, 'g', 'u2', 10)
    await storage.social.addFriendship(appId, 'u1', 'u2', now)
    await storage.events.hide(appId, 'u1', 'g', 3)
  }
  await storage.settings.set('operator-key-hash', 'abc')
  for (let index = 0; index < 9; index++) {
    await storage.console.appendAudit({ ts: now + index, actorType: 'operator', actorId: null, action: `app.create ${index}`, appId: 'app_a', target: null, status: 201, ip: null, userAgent: null, details: { index } })
  }
}

/** Knowledge bases in the same SQLite file, as the server keeps them. */
async function seedKnowledge(store: KnowledgeStore): Promise<void> {
  await store.migrate()
  const now = '2026-01-01T00:00:00.000Z'
  await store.createKnowledgeBase({ id: 'kb_1', appId: 'app_a', name: 'Help', settings: { targetTokens: 80, overlapTokens: 20, maxTokens: 400 }, createdAt: now })
  for (let index = 0; index < 5; index++) {
    const id = `doc_${index}`
    await store.createDocument({ id, appId: 'app_a', kbId: 'kb_1', title: `文档 ${index}`, tags: [index % 2 ? 'odd' : 'even'], source: { kind: 'text', format: 'text' }, status: 'ready', progress: 1, chunkCount: 3, contentChars: 30, createdAt: now, updatedAt: now })
    await store.writeSource('app_a', id, (async function* () { yield Buffer.from(`source ${index}`) })(), 1000)
    await store.replaceChunks('app_a', 'kb_1', id, [0, 1, 2].map((ordinal) => {
      const text = `退款 refund policy ${index}.${ordinal}`
      return { id: `c_${index}_${ordinal}`, ordinal, text, headingPath: ['H'], tokenCount: 5, indexText: toIndexText(text), embedding: Float32Array.from([index, ordinal, 1]) }
    }))
  }
}

/** What the knowledge service could read back. */
async function knowledgeSnapshot(store: KnowledgeStore): Promise<unknown> {
  const documents = await store.listDocuments('app_a', 'kb_1')
  const sources: string[] = []
  for (const document of documents) {
    const parts: Uint8Array[] = []
    for await (const part of store.readSource('app_a', document.id)) parts.push(part)
    sources.push(Buffer.concat(parts).toString())
  }
  return JSON.parse(JSON.stringify({
    bases: await store.listKnowledgeBases('app_a'),
    documents,
    sources,
    chunks: await Promise.all(documents.map((document) => store.listChunks('app_a', 'kb_1', document.id))),
    lexical: (await store.searchLexical('app_a', ['kb_1'], toQueryTerms('退款 policy'), 50)).map((hit) => hit.id).sort(),
    vector: (await store.searchVector('app_a', ['kb_1'], Float32Array.from([4, 2, 1]), 3)).map((hit) => hit.id),
  }))
}

/** Everything a user or operator could read back through the storage API. */
async function snapshot(storage: Storage): Promise<unknown> {
  const apps = await storage.apps.list({ limit: 100 })
  const result: Record<string, unknown> = { apps, settings: await storage.settings.get('operator-key-hash'), audit: await storage.console.listAudit({ limit: 100 }) }
  for (const app of apps) {
    const users = await storage.users.list(app.id, { limit: 100 })
    const conversations: unknown[] = []
    for (const user of users) {
      for (const cursor of await storage.conversations.cursorsForUser(app.id, user.id)) {
        conversations.push({
          user: user.id,
          cursor,
          conversation: await storage.conversations.get(app.id, cursor.conversationId),
          members: await storage.conversations.listMembers(app.id, cursor.conversationId),
          events: await storage.events.range(app.id, cursor.conversationId, { afterSeq: 0, limit: 1000 }),
          hidden: [...(await storage.events.hiddenAmong(app.id, user.id, cursor.conversationId, [1, 2, 3, 4]))],
        })
      }
    }
    result[app.id] = {
      users,
      conversations,
      friends: await storage.social.listFriends(app.id, 'u1'),
      search: await storage.events.search(app.id, 'u1', { terms: ['word2', 'common'], limit: 100 }),
      edited: await storage.events.search(app.id, 'u1', { terms: ['edited'], limit: 100 }),
    }
  }
  return JSON.parse(JSON.stringify(result))
}

describe.skipIf(skip)('warbler migrate-data (SQLite → PostgreSQL)', () => {
  it('copies everything in batches, resumes after an interruption, and ends with identical content', async () => {
    const file = join(directory, 'source.db')
    const sqlite = await SqliteStorage.open({ filename: file })
    await sqlite.migrate()
    await seed(sqlite)
    const knowledge = new SqliteKnowledgeStore(sqlite.db as never, { useSqliteVec: false })
    await seedKnowledge(knowledge)
    const expected = await snapshot(sqlite)
    const expectedKnowledge = (await knowledgeSnapshot(knowledge)) as { lexical: string[]; vector: string[] }
    expect(expectedKnowledge.lexical).toHaveLength(15)
    expect(expectedKnowledge.vector).toHaveLength(3)
    expect(expectedKnowledge.vector[0]).toBe('c_4_2')
    await sqlite.close()

    const schema = testSchemaName()
    schemas.push(schema)
    const to = `${TEST_DATABASE_URL}?schema=${schema}`
    const prepareTarget = (pool: never) => new PostgresKnowledgeStore(pool, { usePgvector: false }).migrate()
    const batches: string[] = []

    const first = await migrateData({ from: file, to, prepareTarget, batchSize: 7, stopAfterBatches: 5, onProgress: (step) => step.done || batches.push(`${step.table} ${step.copied}/${step.total}`) })
    expect(first.completed).toBe(false)
    expect(batches).toHaveLength(5)

    const onProgress = (step: { table: string; copied: number; total: number; done: boolean }) => step.done || batches.push(`${step.table} ${step.copied}/${step.total}`)
    const second = await migrateData({ from: file, to, prepareTarget, batchSize: 7, stopAfterBatches: 9, onProgress })
    expect(second.completed).toBe(false)

    const last = await migrateData({ from: file, to, prepareTarget, batchSize: 7, onProgress })
    expect(last.completed).toBe(true)
    expect(last.mismatches).toEqual([])
    expect(last.skipped).toEqual([])
    expect(last.searchIndexes).toEqual(['kb_chunks_fts'])
    const tables = last.tables.map((table) => table.table)
    for (const table of ['apps', 'users', 'conversations', 'members', 'events', 'settings', 'friends', 'hidden_events', 'message_search', 'audit_log', 'kb_knowledge_bases', 'kb_documents', 'kb_chunks', 'kb_sources']) {
      expect(tables).toContain(table)
    }
    expect(last.tables.find((table) => table.table === 'events')!.target).toBeGreaterThan(60)
    // Resumed, not restarted: across the three runs each batch was copied once.
    expect(batches).toHaveLength(last.tables.reduce((sum, table) => sum + Math.ceil(table.source / 7), 0))
    expect(new Set(batches).size).toBe(batches.length)

    const postgres = await PostgresStorage.open({ url: to })
    try {
      await postgres.migrate()
      expect(await snapshot(postgres)).toEqual(expected)
      expect(await knowledgeSnapshot(new PostgresKnowledgeStore(postgres.pool, { usePgvector: false }))).toEqual(expectedKnowledge)
      // Running again changes nothing.
      const again = await migrateData({ from: file, to, prepareTarget, batchSize: 7 })
      expect(again).toMatchObject({ completed: true, mismatches: [] })
      expect(await snapshot(postgres)).toEqual(expected)
      // The copy continues where SQLite left off: next seq, next audit id, same idempotency keys.
      const next = await postgres.events.append({ appId: 'app_a', conversationId: 'g', senderId: 'u1', kind: 'message', body: text('after'), ts: now + 999 })
      expect(next.event.seq).toBe(44)
      const resend = await postgres.events.append({ appId: 'app_a', conversationId: 'g', senderId: 'u1', kind: 'message', body: text('dup'), clientMsgId: 'c1', ts: now })
      expect(resend).toMatchObject({ duplicate: true, event: { seq: 2 } })
      const auditId = await postgres.console.appendAudit({ ts: now, actorType: 'system', actorId: null, action: 'x', appId: null, target: null, status: null, ip: null, userAgent: null, details: null })
      expect(auditId).toBe(10)
    } finally {
      await postgres.close()
    }
  })

  it('refuses a missing source file', async () => {
    await expect(migrateData({ from: join(directory, 'missing.db'), to: TEST_DATABASE_URL })).rejects.toThrow(/No SQLite database/)
  })
})
