import { WarblerError } from '@warbler/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewEvent } from '../storage.js'
import { appendMessageBatch } from './postgres-batch-append.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schema = testSchemaName()
afterAll(() => dropSchemas([schema]))

const now = Date.now()
const message = (conversationId: string, senderId: string, text: string, clientMsgId?: string): NewEvent => ({
  appId: 'app',
  conversationId,
  senderId,
  kind: 'message',
  body: { type: 'text', text },
  searchTokens: text,
  ts: now,
  ...(clientMsgId ? { clientMsgId } : {}),
})

// The event store falls back to one transaction per conversation when the batch statement fails,
// so its conformance tests would pass with a broken statement: these call the statement itself.
describe.skipIf(skip)('appendMessageBatch (PostgreSQL)', () => {
  let storage: PostgresStorage
  beforeAll(async () => {
    storage = await PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 4 })
    await storage.migrate()
    await storage.apps.create({ id: 'app', name: 'app', secretHash: 'h', signingKey: 'k', createdAt: now, settings: {} })
    for (const id of ['alice', 'bob']) await storage.users.create({ appId: 'app', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
    await storage.conversations.getOrCreateDirect('app', 'c1', 'alice', 'bob', now)
    await storage.conversations.createGroup({ appId: 'app', id: 'c2', kind: 'group', name: 'c2', ownerId: 'alice', ext: {}, createdAt: now }, [
      { userId: 'alice', role: 'owner' },
      { userId: 'bob', role: 'member' },
    ])
  })
  afterAll(() => storage?.close())

  it('stores messages to several conversations in one statement, answering stored clientMsgIds and missing conversations', async () => {
    const stored = await storage.events.append(message('c2', 'bob', 'earlier', 'b-1'))
    const outcomes = await appendMessageBatch(storage.pool, [
      message('c1', 'alice', 'one', 'a-1'),
      message('c2', 'bob', 'again', 'b-1'),
      message('c2', 'alice', 'two'),
      message('nowhere', 'alice', 'lost'),
      message('c1', 'bob', 'three', 'b-2'),
    ])
    expect(outcomes).toBeDefined()
    expect(outcomes!.map((outcome) => ('error' in outcome ? (outcome.error as WarblerError).code : `${outcome.event.conversationId}#${outcome.event.seq}${outcome.duplicate ? ' duplicate' : ''}`))).toEqual([
      'c1#1',
      'c2#1 duplicate',
      'c2#2',
      'conversation_not_found',
      'c1#2',
    ])
    expect(outcomes![1]).toEqual({ event: stored.event, duplicate: true })
    expect((await storage.conversations.get('app', 'c1'))?.lastSeq).toBe(2)
    expect((await storage.conversations.get('app', 'c2'))?.lastSeq).toBe(2)
    expect((await storage.conversations.getMember('app', 'c1', 'bob'))?.readSeq).toBe(2)
    expect((await storage.events.search('app', 'alice', { terms: ['one'], conversationId: 'c1', limit: 5 })).map((hit) => hit.seq)).toEqual([1])
  })

  it('writes nothing and answers undefined when another transaction stores the same clientMsgId meanwhile', async () => {
    const other = await storage.pool.connect()
    try {
      await other.query('BEGIN')
      await other.query(
        `INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, client_msg_id, ext) VALUES ('app', 'c2', 1000, $1, 'alice', 'message', '{}', 'race', '{}')`,
        [now],
      )
      const batch = appendMessageBatch(storage.pool, [message('c1', 'bob', 'first'), message('c1', 'alice', 'raced', 'race')])
      await new Promise((resolve) => setTimeout(resolve, 200))
      await other.query('COMMIT')
      expect(await batch).toBeUndefined()
    } finally {
      other.release()
    }
    expect((await storage.conversations.get('app', 'c1'))?.lastSeq).toBe(2)
  })
})
