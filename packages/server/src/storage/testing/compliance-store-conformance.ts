import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditChainRecord, ComplianceStore } from '../compliance-store.js'
import type { Storage } from '../storage.js'

/** A sealer that chains plain strings (the HMAC itself is the audit chain's business, tested there). */
const sealAs = (action: string, personal = true) => (head: { seq: number; mac: string } | undefined) => {
  const seq = (head?.seq ?? 0) + 1
  const entry: AuditChainRecord = { seq, ts: 1_700_000_000_000 + seq, actorType: 'operator', action, appId: 'app_a', status: 201, personalMac: personal ? `p${seq}` : null, prevMac: head?.mac ?? 'genesis', mac: `m${seq}` }
  return { entry, personal: personal ? { seq, appId: 'app_a', subjectUserId: action === 'about-alice' ? 'alice' : null, actorId: 'ops@example.com', target: `/t/${seq}`, ip: '10.0.0.1', userAgent: 'ua', details: { n: seq } } : null }
}

/**
 * Conformance suite of {@link Storage.compliance}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeComplianceStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeComplianceStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`ComplianceStore conformance: ${name}`, () => {
    let storage: Storage
    let store: ComplianceStore
    const now = 1_700_000_000_000

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      store = storage.compliance!
    })
    afterEach(async () => {
      await storage.close()
    })

    it('appends chain entries with gapless seqs, their personal rows apart, and mirrors the head', async () => {
      expect(await store.chainHead()).toBeUndefined()
      await store.appendChained(sealAs('first'))
      await store.appendChained(sealAs('about-alice'))
      await store.appendChained(sealAs('no-personal', false))
      const head = await store.chainHead()
      expect(head).toMatchObject({ seq: 3, action: 'no-personal', prevMac: 'm2', mac: 'm3', personalMac: null, appId: 'app_a', status: 201 })
      expect(await store.chainHeadMark()).toEqual({ seq: 3, mac: 'm3' })
      expect((await store.chainPage(0, 10)).map((row) => row.seq)).toEqual([1, 2, 3])
      expect((await store.chainPage(1, 1)).map((row) => row.action)).toEqual(['about-alice'])
      const personal = await store.personalOf([1, 2, 3])
      expect([...personal.keys()].sort()).toEqual([1, 2])
      expect(personal.get(2)).toEqual({ seq: 2, appId: 'app_a', subjectUserId: 'alice', actorId: 'ops@example.com', target: '/t/2', ip: '10.0.0.1', userAgent: 'ua', details: { n: 2 } })
      expect(await store.erasePersonal('app_b', 'alice')).toBe(0)
      expect(await store.erasePersonal('app_a', 'alice')).toBe(1)
      expect([...(await store.personalOf([1, 2])).keys()]).toEqual([1])
      expect(await store.chainHead()).toMatchObject({ seq: 3 })
    })

    it('keeps seqs gapless when many appends race', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, index) => store.appendChained(sealAs(`race-${index}`))))
      const rows = await store.chainPage(0, 100)
      expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
      for (const [index, row] of rows.entries()) expect(row.prevMac).toBe(index === 0 ? 'genesis' : `m${index}`)
    })

    it('keeps the first erasure receipt of a user', async () => {
      await store.putErasure({ appId: 'app_a', userId: 'alice', pseudonym: 'erased_1', receipt: { messages: 3 }, erasedAt: now })
      await store.putErasure({ appId: 'app_a', userId: 'alice', pseudonym: 'erased_2', receipt: { messages: 0 }, erasedAt: now + 1 })
      expect(await store.getErasure('app_a', 'alice')).toEqual({ appId: 'app_a', userId: 'alice', pseudonym: 'erased_1', receipt: { messages: 3 }, erasedAt: now })
      expect(await store.getErasure('app_b', 'alice')).toBeUndefined()
    })

    it('tracks export jobs from queued to ready and expired', async () => {
      await store.createExport({ appId: 'app_a', id: 'ex_1', userId: 'alice', status: 'queued', tokenHash: null, path: null, error: null, createdAt: now, updatedAt: now, expiresAt: null })
      expect((await store.pendingExports(10)).map((job) => job.id)).toEqual(['ex_1'])
      await store.updateExport('app_a', 'ex_1', { status: 'ready', tokenHash: 'h', path: '/x.zip', updatedAt: now + 5, expiresAt: now + 100 })
      expect(await store.getExport('app_a', 'ex_1')).toMatchObject({ status: 'ready', tokenHash: 'h', path: '/x.zip', expiresAt: now + 100 })
      expect(await store.getExport('app_b', 'ex_1')).toBeUndefined()
      expect(await store.pendingExports(10)).toEqual([])
      expect(await store.expiredExports(now + 99, 10)).toEqual([])
      expect((await store.expiredExports(now + 100, 10)).map((job) => job.id)).toEqual(['ex_1'])
    })

    it('stores legal holds and retention policies per app', async () => {
      await store.putHold({ appId: 'app_a', kind: 'user', targetId: 'alice', reason: 'case 1', createdAt: now })
      await store.putHold({ appId: 'app_a', kind: 'user', targetId: 'alice', reason: 'case 2', createdAt: now + 1 })
      await store.putHold({ appId: 'app_a', kind: 'conversation', targetId: 'c_1', reason: null, createdAt: now + 2 })
      expect((await store.listHolds('app_a')).map((hold) => [hold.kind, hold.targetId, hold.reason])).toEqual([['user', 'alice', 'case 2'], ['conversation', 'c_1', null]])
      expect(await store.listHolds('app_b')).toEqual([])
      expect(await store.deleteHold('app_a', 'user', 'alice')).toBe(true)
      expect(await store.deleteHold('app_a', 'user', 'alice')).toBe(false)

      await store.putPolicy({ appId: 'app_a', conversationId: null, messagesDays: 30, filesDays: null, updatedAt: now })
      await store.putPolicy({ appId: 'app_a', conversationId: 'c_1', messagesDays: 7, filesDays: 3, updatedAt: now })
      await store.putPolicy({ appId: 'app_a', conversationId: null, messagesDays: 60, filesDays: 10, updatedAt: now + 1 })
      expect(await store.getPolicy('app_a', null)).toEqual({ appId: 'app_a', conversationId: null, messagesDays: 60, filesDays: 10, updatedAt: now + 1 })
      expect(await store.getPolicy('app_a', 'c_1')).toMatchObject({ messagesDays: 7, filesDays: 3 })
      expect(await store.getPolicy('app_b', null)).toBeUndefined()
      expect((await store.listPolicies()).map((policy) => policy.conversationId)).toEqual([null, 'c_1'])
    })

    it('gives a lease to one holder until it runs out or is released', async () => {
      expect(await store.acquireLease('retention', 'node_a', now, now + 1000)).toBe(true)
      expect(await store.acquireLease('retention', 'node_b', now + 10, now + 1010)).toBe(false)
      expect(await store.acquireLease('retention', 'node_a', now + 20, now + 2000)).toBe(true)
      expect(await store.acquireLease('retention', 'node_b', now + 2000, now + 3000)).toBe(true)
      await store.releaseLease('retention', 'node_a')
      expect(await store.acquireLease('retention', 'node_a', now + 2001, now + 3001)).toBe(false)
      await store.releaseLease('retention', 'node_b')
      expect(await store.acquireLease('retention', 'node_a', now + 2002, now + 3002)).toBe(true)
    })
  })
}
