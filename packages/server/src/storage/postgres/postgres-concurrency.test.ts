import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../migrations/index.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const migrations = MIGRATIONS

/** Three "nodes": separate storages (separate pools) on one schema. */
describe.skipIf(skip)('PostgreSQL storage across nodes', () => {
  const schema = testSchemaName()
  let nodes: PostgresStorage[] = []
  const now = 1_700_000_000_000
  const text = (value: string) => ({ type: 'text' as const, text: value })

  beforeAll(async () => {
    // N nodes starting at once migrate once (the advisory lock), and none fails.
    nodes = await Promise.all([0, 1, 2].map(() => PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 8, migrations })))
    await Promise.all(nodes.map((node) => node.migrate()))
    const [first] = nodes
    await first!.apps.create({ id: 'app', name: 'app', secretHash: 'h', signingKey: 'k', createdAt: now })
    const senders = Array.from({ length: 150 }, (_, index) => `u${index}`)
    for (const id of senders) await first!.users.create({ appId: 'app', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
    await first!.conversations.createGroup(
      { appId: 'app', id: 'big', kind: 'group', name: 'Big', ownerId: 'u0', ext: {}, createdAt: now },
      senders.map((userId) => ({ userId, role: 'member' as const })),
    )
  })

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()))
    await dropSchemas([schema])
  })

  it('records each migration once when nodes start together', async () => {
    const { rows } = await nodes[0]!.pool.query<{ version: number; count: number }>('SELECT version, count(*)::int AS count FROM schema_migrations GROUP BY version')
    expect(rows.every((row) => row.count === 1)).toBe(true)
    expect(rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(migrations.map((migration) => migration.version).sort((a, b) => a - b))
  })

  it('3 nodes × 50 concurrent senders into one group get seqs 1..N with no gap or duplicate', async () => {
    const start = (await nodes[0]!.conversations.get('app', 'big'))!.lastSeq
    const results = await Promise.all(
      nodes.flatMap((node, nodeIndex) =>
        Array.from({ length: 50 }, (_, index) =>
          node.events.append({ appId: 'app', conversationId: 'big', senderId: `u${nodeIndex * 50 + index}`, kind: 'message', body: text(`n${nodeIndex}-${index}`), ts: now }),
        ),
      ),
    )
    const seqs = results.map((result) => result.event.seq).sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: 150 }, (_, index) => start + index + 1))
    const stored = await nodes[1]!.events.range('app', 'big', { afterSeq: start, limit: 500 })
    expect(stored.events.map((event) => event.seq)).toEqual(seqs)
    expect((await nodes[2]!.conversations.get('app', 'big'))!.lastSeq).toBe(start + 150)
  })

  it('stores a clientMsgId sent to every node at once exactly once; the others get it back as a duplicate', async () => {
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(
        nodes.flatMap((node) =>
          [0, 1].map(() => node.events.append({ appId: 'app', conversationId: 'big', senderId: 'u7', kind: 'message', body: text(`r${round}`), clientMsgId: `race-${round}`, ts: now })),
        ),
      )
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1)
      const seqs = new Set(results.map((result) => result.event.seq))
      expect(seqs.size).toBe(1)
    }
    const last = (await nodes[0]!.conversations.get('app', 'big'))!.lastSeq
    const all = await nodes[0]!.events.range('app', 'big', { afterSeq: 0, limit: 1000 })
    expect(all.events.map((event) => event.seq)).toEqual(Array.from({ length: last }, (_, index) => index + 1))
  })

  it('resolves the same race for lone appends and for batches of messages', async () => {
    for (let round = 0; round < 10; round++) {
      // One append per node: each is the only append of its transaction.
      const lone = await Promise.all(
        nodes.map((node) => node.events.append({ appId: 'app', conversationId: 'big', senderId: 'u8', kind: 'message', body: text('lone'), clientMsgId: `lone-${round}`, ts: now })),
      )
      expect(lone.filter((result) => !result.duplicate)).toHaveLength(1)
      expect(new Set(lone.map((result) => result.event.seq)).size).toBe(1)
      // Batches of five per node sharing one clientMsgId: the losers' batches fall back to one by one.
      const batches = await Promise.all(
        nodes.map((node, nodeIndex) =>
          Promise.all(
            Array.from({ length: 5 }, (_, index) =>
              node.events.append({
                appId: 'app',
                conversationId: 'big',
                senderId: 'u9',
                kind: 'message',
                body: text(`b${index}`),
                clientMsgId: index === 2 ? `shared-${round}` : `own-${round}-${nodeIndex}-${index}`,
                ts: now,
              }),
            ),
          ),
        ),
      )
      const shared = batches.map((batch) => batch[2]!)
      expect(shared.filter((result) => !result.duplicate)).toHaveLength(1)
      expect(new Set(shared.map((result) => result.event.seq)).size).toBe(1)
      for (const batch of batches) expect(batch.filter((result, index) => index !== 2 && result.duplicate)).toEqual([])
    }
    const last = (await nodes[0]!.conversations.get('app', 'big'))!.lastSeq
    const all = await nodes[0]!.events.range('app', 'big', { afterSeq: 0, limit: 5000 })
    expect(all.events.map((event) => event.seq)).toEqual(Array.from({ length: last }, (_, index) => index + 1))
    const ids = all.events.flatMap((event) => (event.clientMsgId ? [event.clientMsgId] : []))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives appends issued in order, without awaiting, increasing seqs on one node', async () => {
    // Ten batches, each issued a turn of the event loop after the previous one, while it is still committing.
    const pending: Promise<{ event: { seq: number } }>[] = []
    for (let index = 0; index < 100; index++) {
      pending.push(nodes[0]!.events.append({ appId: 'app', conversationId: 'big', senderId: 'u1', kind: 'message', body: text(`o${index}`), ts: now }))
      if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve))
    }
    // Another node writes into the same conversation meanwhile.
    const noise = Array.from({ length: 30 }, (_, index) =>
      nodes[1]!.events.append({ appId: 'app', conversationId: 'big', senderId: 'u2', kind: 'message', body: text(`x${index}`), ts: now }),
    )
    const ordered = await Promise.all(pending)
    await Promise.all(noise)
    const seqs = ordered.map((result) => result.event.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })
})
