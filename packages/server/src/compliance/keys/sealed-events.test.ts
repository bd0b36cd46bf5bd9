import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js'
import { AppKeyring } from './app-keyring.js'
import { masterKey } from './master-key.js'
import { blindTokens, sealedEventStore } from './sealed-events.js'

describe('sealedEventStore', () => {
  let storage: SqliteStorage
  let keyring: AppKeyring
  const now = 1_700_000_000_000

  beforeEach(async () => {
    storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    keyring = new AppKeyring({ store: storage.appKeys, master: masterKey(randomBytes(32)) })
    await storage.apps.create({ id: 'app_a', name: 'a', secretHash: 'h', signingKey: 'k', createdAt: now, settings: {} })
    for (const id of ['ann', 'ben']) await storage.users.create({ appId: 'app_a', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
    await storage.conversations.getOrCreateDirect('app_a', 'c1', 'ann', 'ben', now)
  })
  afterEach(() => storage.close())

  it('stores bodies sealed and terms blind, reads them back, and still reads and finds messages stored in the clear before', async () => {
    const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
    const old = await storage.events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text: 'otter meeting' }, searchTokens: 'otter meeting', ts: now })
    const fresh = await events.append({ appId: 'app_a', conversationId: 'c1', senderId: 'ann', kind: 'message', body: { type: 'text', text: 'Otter lunch' }, searchTokens: 'Otter lunch', ts: now + 1 })
    expect(fresh.event.body).toEqual({ type: 'text', text: 'Otter lunch' })

    const stored = await storage.events.get('app_a', 'c1', fresh.event.seq)
    expect(JSON.stringify(stored)).not.toMatch(/otter|lunch/i)
    expect(stored!.body).toMatchObject({ type: 'sealed', sealed: expect.stringMatching(/^a1:/) })
    expect(await storage.events.search('app_a', 'ann', { terms: ['lunch'], limit: 10 })).toEqual([])

    const page = await events.range('app_a', 'c1', { afterSeq: 0, limit: 10 })
    expect(page.events.map((event) => event.body)).toEqual([old.event.body, { type: 'text', text: 'Otter lunch' }])
    expect((await events.search('app_a', 'ann', { terms: ['otter'], limit: 10 })).map((event) => event.seq)).toEqual([fresh.event.seq, old.event.seq])
    expect((await events.search('app_a', 'ann', { terms: ['otter'], limit: 1 })).map((event) => event.seq)).toEqual([fresh.event.seq])
    expect((await events.search('app_a', 'ann', { terms: ['LUNCH'], limit: 10 })).map((event) => event.body)).toEqual([{ type: 'text', text: 'Otter lunch' }])
  })

  it('gives each app its own blind tokens, letters only, one per term', async () => {
    const [a, b] = await Promise.all([keyring.box('app_a'), keyring.box('app_b')])
    const tokens = blindTokens(a, 'Hello, 世界 hello')
    expect(tokens).toMatch(/^[a-p]{16} [a-p]{16} [a-p]{16}$/)
    const [first, second, third] = tokens.split(' ')
    expect(first).toBe(third)
    expect(second).not.toBe(first)
    expect(blindTokens(b, 'hello')).not.toBe(first)
  })
})
