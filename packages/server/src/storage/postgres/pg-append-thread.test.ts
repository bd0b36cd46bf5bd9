import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { AppKeyring } from '../../compliance/keys/app-keyring.js'
import { masterKey } from '../../compliance/keys/master-key.js'
import { sealedEventStore } from '../../compliance/keys/sealed-events.js'
import { sealsOffThread } from '../sealing-append.js'
import type { NewEvent } from '../storage.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schemas: string[] = []
const opened: PostgresStorage[] = []
afterAll(async () => {
  for (const storage of opened) await storage.close()
  await dropSchemas(schemas)
})

const now = 1_700_000_000_000

async function openStorage(appendThread: 'thread' | 'inline'): Promise<PostgresStorage> {
  const schema = testSchemaName()
  schemas.push(schema)
  const storage = await PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 4, appendThread })
  opened.push(storage)
  await storage.migrate()
  await storage.apps.create({ id: 'app_a', name: 'a', secretHash: 'h', signingKey: 'k', createdAt: now, settings: {} })
  for (const id of ['ann', 'ben']) await storage.users.create({ appId: 'app_a', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
  await storage.conversations.getOrCreateDirect('app_a', 'c1', 'ann', 'ben', now)
  for (const id of ['c2', 'c3'])
    await storage.conversations.createGroup({ appId: 'app_a', id, kind: 'group', name: id, ownerId: 'ann', ext: {}, createdAt: now }, [
      { userId: 'ann', role: 'owner' },
      { userId: 'ben', role: 'member' },
    ])
  return storage
}

const text = (conversationId: string, body: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  appId: 'app_a',
  conversationId,
  senderId: 'ann',
  kind: 'message',
  body: { type: 'text', text: body },
  searchTokens: body,
  ts: now,
  ...extra,
})

describe.skipIf(skip)('the PostgreSQL append thread', () => {
  it('stores what appending on the event loop stores: bodies sealed, terms blind; reads, searches, duplicates, edits and reactions answer the text', async () => {
    const master = masterKey(randomBytes(32))
    const results: Record<string, unknown> = {}
    for (const mode of ['thread', 'inline'] as const) {
      const storage = await openStorage(mode)
      expect(sealsOffThread(storage.events)).toBe(mode === 'thread')
      const keyring = new AppKeyring({ store: storage.appKeys, master })
      const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
      const sent = await Promise.all(['Otter lunch', 'otter meeting 世界', 'badger'].map((body, index) => events.append(text('c1', body, { clientMsgId: `m${index}`, ts: now + index }))))
      expect(sent.map((result) => [result.event.seq, result.event.body, result.duplicate])).toEqual([
        [1, { type: 'text', text: 'Otter lunch' }, false],
        [2, { type: 'text', text: 'otter meeting 世界' }, false],
        [3, { type: 'text', text: 'badger' }, false],
      ])
      const again = await events.append(text('c1', 'Otter lunch', { clientMsgId: 'm0', ts: now + 9 }))
      expect(again).toMatchObject({ duplicate: true, event: { seq: 1, body: { type: 'text', text: 'Otter lunch' } } })
      // An edit and a reaction (not plain messages) are sealed on the event loop and go append by append.
      await events.append({ ...text('c1', 'badger sett'), kind: 'edit', targetSeq: 3, ts: now + 10 })
      await events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ben', kind: 'reaction', targetSeq: 1, data: { emoji: '🦦' }, ts: now + 11 })

      const stored = await storage.events.get('app_a', 'c1', 1)
      expect(stored!.body).toMatchObject({ type: 'sealed', sealed: expect.stringMatching(/^a1:/) })
      const { rows } = await storage.pool.query<{ row: string }>("SELECT e::text || coalesce(s::text, '') AS row FROM events e LEFT JOIN message_search s USING (app_id, conversation_id, seq) WHERE e.app_id = 'app_a'")
      expect(rows.length).toBe(5)
      for (const { row } of rows) expect(row).not.toMatch(/otter|badger|lunch|sett/i)
      expect(await storage.events.search('app_a', 'ann', { terms: ['otter'], limit: 10 })).toEqual([])
      expect((await events.search('app_a', 'ann', { terms: ['OTTER'], limit: 10 })).map((event) => event.body)).toEqual([
        { type: 'text', text: 'otter meeting 世界' },
        { type: 'text', text: 'Otter lunch' },
      ])
      expect((await events.search('app_a', 'ann', { terms: ['sett'], limit: 10 })).map((event) => event.seq)).toEqual([3])
      results[mode] = (await events.range('app_a', 'c1', { afterSeq: 0, limit: 10 })).events.map(({ body, seq, kind, reactions }) => ({ body, seq, kind, reactions }))
    }
    // Both read back the same conversation.
    expect(results.thread).toEqual(results.inline)
  })

  it('keeps every conversation gapless and in order under concurrent batches, with and without sealing', async () => {
    const storage = await openStorage('thread')
    const keyring = new AppKeyring({ store: storage.appKeys, master: masterKey(randomBytes(32)) })
    const sealed = sealedEventStore(storage.events, (appId) => keyring.box(appId))
    const sends: Promise<{ event: { conversationId: string; seq: number; body?: unknown } }>[] = []
    for (let turn = 0; turn < 10; turn++) {
      for (let index = 0; index < 30; index++) {
        const conversationId = `c${1 + (index % 3)}`
        const event = text(conversationId, `n ${turn} ${index}`, { clientMsgId: `t${turn}-${index}` })
        // The sealed store awaits the app's key first: within one conversation, one way or the other.
        sends.push(conversationId === 'c1' ? sealed.append(event) : storage.events.append(event))
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    const outcomes = await Promise.all(sends)
    for (const conversationId of ['c1', 'c2', 'c3']) {
      const seqs = outcomes.filter((outcome) => outcome.event.conversationId === conversationId).map((outcome) => outcome.event.seq)
      // In the order the appends were made, 1, 2, 3… with no gap.
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, index) => index + 1))
      const page = await sealed.range('app_a', conversationId, { afterSeq: 0, limit: 200 })
      expect(page.events.map((event) => event.seq)).toEqual(seqs)
    }
    const conversation = await storage.conversations.get('app_a', 'c1')
    expect(conversation).toMatchObject({ lastSeq: 100 })
  })

  it('when the batch statement fails on the thread, appends the sealed messages one by one: the others are stored, seqs stay gapless', async () => {
    const storage = await openStorage('thread')
    const keyring = new AppKeyring({ store: storage.appKeys, master: masterKey(randomBytes(32)) })
    const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
    // PostgreSQL refuses a NUL character in text: the batch statement fails as a whole, then only that append.
    const settled = await Promise.allSettled([
      events.append(text('c2', 'first otter', { clientMsgId: 'a' })),
      events.append(text('c2', 'broken', { status: 'x\u0000' as NewEvent['status'] })),
      events.append(text('c2', 'second otter', { clientMsgId: 'c' })),
    ])
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.event.seq] : []))).toEqual([1, 2])
    const stored = await storage.events.range('app_a', 'c2', { afterSeq: 0, limit: 10 })
    expect(stored.events.map((event) => [event.seq, (event.body as { type?: string }).type])).toEqual([
      [1, 'sealed'],
      [2, 'sealed'],
    ])
    expect((await events.search('app_a', 'ann', { terms: ['otter'], conversationId: 'c2', limit: 10 })).map((event) => event.seq)).toEqual([2, 1])
  })
})
