import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from '../storage.js'
import type { DeliveryRecord, WebhookRecord } from '../webhook-store.js'

/**
 * Conformance suite of {@link Storage.webhooks}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeWebhookStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeWebhookStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`WebhookStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000
    const webhook = (appId: string, id: string, extra: Partial<WebhookRecord> = {}): WebhookRecord => ({
      appId, id, url: `https://example.com/${id}`, secret: `whsec_${id}`, events: ['message.created'], enabled: true, createdAt: now, updatedAt: now, ...extra,
    })
    const delivery = (appId: string, id: string, webhookId: string, extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
      appId, id, webhookId, eventId: `evt_${id}`, type: 'message.created', payload: `{"id":"evt_${id}"}`, status: 'pending', attempts: 0,
      nextAttemptAt: now, lastStatusCode: null, lastError: null, lastResponseMs: null, lastResponseBody: null, createdAt: now, updatedAt: now, ...extra,
    })

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      for (const id of ['app_a', 'app_b']) await storage.apps.create({ id, name: id, secretHash: `hash_${id}`, signingKey: `key_${id}`, createdAt: now } as never)
    })
    afterEach(async () => {
      await storage.close()
    })

    it('creates, lists, updates and deletes webhooks, keeping apps apart', async () => {
      await storage.webhooks.create(webhook('app_a', 'wh_1', { events: ['*'] }))
      await storage.webhooks.create(webhook('app_a', 'wh_2', { createdAt: now + 1 }))
      await storage.webhooks.create(webhook('app_b', 'wh_3'))
      expect((await storage.webhooks.list('app_a')).map((entry) => entry.id)).toEqual(['wh_1', 'wh_2'])
      expect(await storage.webhooks.get('app_b', 'wh_1')).toBeUndefined()
      expect((await storage.webhooks.get('app_a', 'wh_1'))?.events).toEqual(['*'])
      const updated = await storage.webhooks.update('app_a', 'wh_2', { enabled: false, events: ['user.created', 'member.left'], updatedAt: now + 5 })
      expect(updated).toMatchObject({ enabled: false, events: ['user.created', 'member.left'], url: 'https://example.com/wh_2', updatedAt: now + 5 })
      expect(await storage.webhooks.get('app_a', 'wh_2')).toEqual(updated)
      expect(await storage.webhooks.update('app_b', 'wh_2', { enabled: false })).toBeUndefined()
      expect(await storage.webhooks.delete('app_b', 'wh_1')).toBe(false)
      expect(await storage.webhooks.delete('app_a', 'wh_1')).toBe(true)
      expect((await storage.webhooks.list('app_a')).map((entry) => entry.id)).toEqual(['wh_2'])
    })

    it('claims due deliveries once per lease, and records attempts', async () => {
      await storage.webhooks.create(webhook('app_a', 'wh_1'))
      await storage.webhooks.create(webhook('app_b', 'wh_9'))
      await storage.webhooks.enqueue([
        delivery('app_a', 'd_1', 'wh_1', { nextAttemptAt: now - 10 }),
        delivery('app_a', 'd_2', 'wh_1', { nextAttemptAt: now + 60_000 }),
        delivery('app_b', 'd_3', 'wh_9', { nextAttemptAt: now }),
      ])
      const claimed = await storage.webhooks.claimDue(now, 10, 30_000)
      expect(claimed.map((entry) => [entry.appId, entry.id])).toEqual([['app_a', 'd_1'], ['app_b', 'd_3']])
      expect(claimed[0]?.payload).toBe('{"id":"evt_d_1"}')
      expect(await storage.webhooks.claimDue(now + 1, 10, 30_000)).toEqual([])
      // The lease ran out (the node died mid-attempt): the delivery is due again.
      expect((await storage.webhooks.claimDue(now + 30_001, 1, 30_000)).map((entry) => entry.id)).toEqual(['d_1'])
      await storage.webhooks.recordAttempt('app_a', 'd_1', {
        status: 'succeeded', attempts: 1, nextAttemptAt: null, lastStatusCode: 204, lastError: null, lastResponseMs: 12, lastResponseBody: 'ok', updatedAt: now + 2,
      })
      expect(await storage.webhooks.getDelivery('app_a', 'wh_1', 'd_1')).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 204, nextAttemptAt: null })
      expect(await storage.webhooks.getDelivery('app_b', 'wh_1', 'd_1')).toBeUndefined()
      expect(await storage.webhooks.claimDue(now + 120_000, 10, 30_000)).toHaveLength(2)
    })

    it('lists deliveries newest first, filtered by status, page by page; deleting a webhook drops them', async () => {
      await storage.webhooks.create(webhook('app_a', 'wh_1'))
      await storage.webhooks.enqueue([1, 2, 3, 4].map((n) => delivery('app_a', `d_${n}`, 'wh_1', { createdAt: now + n, status: n % 2 === 0 ? 'failed' : 'pending' })))
      expect((await storage.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10 })).map((entry) => entry.id)).toEqual(['d_4', 'd_3', 'd_2', 'd_1'])
      expect((await storage.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10, status: 'failed' })).map((entry) => entry.id)).toEqual(['d_4', 'd_2'])
      expect((await storage.webhooks.listDeliveries('app_a', 'wh_1', { limit: 2, after: 'd_3' })).map((entry) => entry.id)).toEqual(['d_2', 'd_1'])
      expect(await storage.webhooks.listDeliveries('app_b', 'wh_1', { limit: 10 })).toEqual([])
      await storage.webhooks.delete('app_a', 'wh_1')
      expect(await storage.webhooks.claimDue(now + 1_000_000, 10, 1000)).toEqual([])
    })

    it('keeps one before-send hook per app', async () => {
      expect(await storage.webhooks.getBeforeSendHook('app_a')).toBeUndefined()
      const hook = { appId: 'app_a', url: 'https://example.com/hook', secret: 's1', timeoutMs: 2000, failMode: 'open' as const, enabled: true, updatedAt: now }
      await storage.webhooks.putBeforeSendHook(hook)
      await storage.webhooks.putBeforeSendHook({ ...hook, failMode: 'closed', timeoutMs: 500, updatedAt: now + 1 })
      expect(await storage.webhooks.getBeforeSendHook('app_a')).toEqual({ ...hook, failMode: 'closed', timeoutMs: 500, updatedAt: now + 1 })
      expect(await storage.webhooks.getBeforeSendHook('app_b')).toBeUndefined()
      expect(await storage.webhooks.deleteBeforeSendHook('app_b')).toBe(false)
      expect(await storage.webhooks.deleteBeforeSendHook('app_a')).toBe(true)
      expect(await storage.webhooks.getBeforeSendHook('app_a')).toBeUndefined()
    })
  })
}
