import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configFromCreate } from '../../bots/bot-config.js'
import type { BotRecord } from '../bot-store.js'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.bots}: every storage backend that offers bots must pass it.
 *
 * @example
 * ```ts
 * describeBotStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeBotStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`BotStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000
    const bots = () => {
      if (!storage.bots) throw new Error('this storage has no bot store')
      return storage.bots
    }
    const record = (appId: string, id: string): BotRecord => ({
      appId,
      id,
      config: configFromCreate({ name: `Bot ${id}`, knowledgeBaseIds: ['kb_1'], provider: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } }),
      apiKeyCiphertext: 'v1:abc',
      createdAt: now,
      updatedAt: now,
    })

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
    })
    afterEach(async () => {
      await storage.close()
    })

    it('creates, reads, lists, updates and deletes bots per app', async () => {
      await bots().create(record('app_a', 'helper'))
      await bots().create(record('app_a', 'another'))
      await bots().create(record('app_b', 'helper'))
      await expect(bots().create(record('app_a', 'helper'))).rejects.toMatchObject({ code: 'already_exists' })
      expect(await bots().get('app_a', 'helper')).toEqual(record('app_a', 'helper'))
      expect((await bots().list('app_a')).map((bot) => bot.id)).toEqual(['another', 'helper'])
      const updated = await bots().update('app_a', 'helper', { config: { ...record('app_a', 'helper').config, name: 'Renamed' }, apiKeyCiphertext: null, updatedAt: now + 1 })
      expect(updated).toMatchObject({ config: { name: 'Renamed' }, apiKeyCiphertext: null, updatedAt: now + 1, createdAt: now })
      expect(await bots().update('app_c', 'helper', { config: record('x', 'y').config, apiKeyCiphertext: null, updatedAt: now })).toBeUndefined()
      expect(await bots().delete('app_b', 'another')).toBe(false)
      expect(await bots().delete('app_a', 'helper')).toBe(true)
      expect(await bots().get('app_a', 'helper')).toBeUndefined()
      expect(await bots().get('app_b', 'helper')).toBeDefined()
    })

    it('adds usage per app, bot, user and day and sums it over ranges', async () => {
      const base = { appId: 'app_a', botId: 'helper', userId: 'alice', day: '2026-03-01', inputTokens: 10, outputTokens: 5 }
      await bots().addUsage(base)
      await bots().addUsage({ ...base, inputTokens: 1, outputTokens: 1, handoffs: 1 })
      await bots().addUsage({ ...base, userId: 'bob', day: '2026-03-31' })
      await bots().addUsage({ ...base, botId: 'other', day: '2026-04-01' })
      await bots().addUsage({ ...base, appId: 'app_b' })
      expect(await bots().usage('app_a', { fromDay: '2026-03-01', toDay: '2026-03-01', userId: 'alice' })).toEqual({ inputTokens: 11, outputTokens: 6, handoffs: 1 })
      expect(await bots().usage('app_a', { fromDay: '2026-03-01', toDay: '2026-03-31' })).toEqual({ inputTokens: 21, outputTokens: 11, handoffs: 1 })
      expect(await bots().usage('app_a', { fromDay: '2026-01-01', toDay: '2026-12-31', botId: 'other' })).toEqual({ inputTokens: 10, outputTokens: 5, handoffs: 0 })
      expect(await bots().usage('app_c', { fromDay: '2026-01-01', toDay: '2026-12-31' })).toEqual({ inputTokens: 0, outputTokens: 0, handoffs: 0 })
    })

    it('keeps redaction state per bot and conversation', async () => {
      expect(await bots().getRedactionState('app_a', 'helper', 'c_1')).toBeUndefined()
      await bots().setRedactionState('app_a', 'helper', 'c_1', { entries: [{ placeholder: '[PHONE_1]' }] })
      await bots().setRedactionState('app_a', 'helper', 'c_1', { entries: [{ placeholder: '[PHONE_2]' }] })
      expect(await bots().getRedactionState('app_a', 'helper', 'c_1')).toEqual({ entries: [{ placeholder: '[PHONE_2]' }] })
      expect(await bots().getRedactionState('app_b', 'helper', 'c_1')).toBeUndefined()
    })
  })
}
