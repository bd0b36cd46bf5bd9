import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js'
import { sealsOffThread } from '../../storage/sealing-append.js'
import { AppKeyring } from './app-keyring.js'
import { masterKey } from './master-key.js'
import { sealedEventStore } from './sealed-events.js'

const now = 1_700_000_000_000

async function openStorage(directory: string, writer: 'thread' | 'inline'): Promise<SqliteStorage> {
  const storage = await SqliteStorage.open({ filename: join(directory, `${writer}.db`), writer })
  await storage.migrate()
  await storage.apps.create({ id: 'app_a', name: 'a', secretHash: 'h', signingKey: 'k', createdAt: now, settings: {} })
  for (const id of ['ann', 'ben']) await storage.users.create({ appId: 'app_a', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
  await storage.conversations.getOrCreateDirect('app_a', 'c1', 'ann', 'ben', now)
  return storage
}

describe('sealing on the SQLite writer thread', () => {
  let directory: string
  const opened: SqliteStorage[] = []

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'warbler-seal-thread-'))
  })
  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it('stores what sealing on the event loop stores: bodies sealed, terms blind; reads, searches and duplicates answer the text', async () => {
    const master = masterKey(randomBytes(32))
    const results: Record<string, unknown> = {}
    for (const writer of ['thread', 'inline'] as const) {
      const storage = await openStorage(directory, writer)
      opened.push(storage)
      expect(sealsOffThread(storage.events)).toBe(writer === 'thread')
      const keyring = new AppKeyring({ store: storage.appKeys, master })
      const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
      const sent = await Promise.all(
        ['Otter lunch', 'otter meeting 世界', 'badger'].map((text, index) =>
          events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text }, searchTokens: text, clientMsgId: `m${index}`, ts: now + index }),
        ),
      )
      expect(sent.map((result) => result.event.body)).toEqual([{ type: 'text', text: 'Otter lunch' }, { type: 'text', text: 'otter meeting 世界' }, { type: 'text', text: 'badger' }])
      const again = await events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text: 'Otter lunch' }, searchTokens: 'Otter lunch', clientMsgId: 'm0', ts: now + 9 })
      expect(again).toMatchObject({ duplicate: true, event: { seq: sent[0]!.event.seq, body: { type: 'text', text: 'Otter lunch' } } })

      const stored = await storage.events.get('app_a', 'c1', sent[0]!.event.seq)
      expect(stored!.body).toMatchObject({ type: 'sealed', sealed: expect.stringMatching(/^a1:/) })
      expect(JSON.stringify(stored)).not.toMatch(/otter|lunch/i)
      expect(await storage.events.search('app_a', 'ann', { terms: ['otter'], limit: 10 })).toEqual([])
      const found = await events.search('app_a', 'ann', { terms: ['OTTER'], limit: 10 })
      expect(found.map((event) => event.body)).toEqual([{ type: 'text', text: 'otter meeting 世界' }, { type: 'text', text: 'Otter lunch' }])
      expect((await events.search('app_a', 'ann', { terms: ['世界'], limit: 10 })).map((event) => event.seq)).toEqual([sent[1]!.event.seq])
      results[writer] = (await events.range('app_a', 'c1', { afterSeq: 0, limit: 10 })).events.map(({ body, seq }) => ({ body, seq }))
    }
    // Both writers read back the same conversation.
    expect(results.thread).toEqual(results.inline)
    for (const storage of opened.splice(0)) await storage.close()
    // No word of the text in any file of the data dir (database, WAL).
    for (const file of readdirSync(directory)) expect(readFileSync(join(directory, file)).toString('latin1')).not.toMatch(/otter|badger|lunch/i)
  })

  it("fails an append on the writer thread once the app's key is destroyed", async () => {
    const storage = await openStorage(directory, 'thread')
    opened.push(storage)
    const keyring = new AppKeyring({ store: storage.appKeys, master: masterKey(randomBytes(32)) })
    const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
    await events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text: 'first' }, searchTokens: 'first', ts: now })
    await keyring.shred('app_a')
    await expect(
      events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text: 'second' }, searchTokens: 'second', ts: now + 1 }),
    ).rejects.toMatchObject({ code: 'app_not_found' })
  })
})
