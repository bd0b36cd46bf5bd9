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

    it('erases a user in the event log, usage and webhook outbox, and purges expired events by cursor', async () => {
      await storage.apps.create({ id: 'app_a', name: 'a', secretHash: 'h_a', signingKey: 'k_a', createdAt: now, settings: {} })
      for (const id of ['alice', 'bob']) await storage.users.create({ appId: 'app_a', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      await storage.conversations.createGroup({ appId: 'app_a', id: 'c_1', kind: 'group', name: 'g', ownerId: 'bob', ext: {}, createdAt: now, settings: {} }, [{ userId: 'bob', role: 'owner' }, { userId: 'alice', role: 'member' }])
      const append = (senderId: string, extra: Record<string, unknown>) => storage.events.append({ appId: 'app_a', conversationId: 'c_1', senderId, kind: 'message', ts: now, ...extra } as never)
      await append('alice', { body: { type: 'text', text: 'alpha one' }, searchTokens: 'alpha one', clientMsgId: 'm1' })
      await append('bob', { body: { type: 'text', text: 'alpha two' }, searchTokens: 'alpha two' })
      await append('alice', { kind: 'reaction', targetSeq: 2, data: { emoji: '👍' } })
      await append('bob', { body: { type: 'text', text: 'alpha one' }, searchTokens: 'alpha one', ext: { forwardedFrom: { conversationId: 'c_1', seq: 1, senderId: 'alice', ts: now } } })
      expect((await storage.events.search('app_a', 'bob', { terms: ['alpha'], limit: 10 })).length).toBe(3)

      expect(await store.deleteSearchRowsOf('app_a', 'alice')).toBe(1)
      expect(await store.tombstoneSentBy('app_a', 'alice', 'erased_x', now + 1, 1)).toEqual({ events: 1, messages: 1 })
      expect(await store.tombstoneSentBy('app_a', 'alice', 'erased_x', now + 1, 10)).toEqual({ events: 1, messages: 0 })
      expect(await store.tombstoneSentBy('app_a', 'alice', 'erased_x', now + 1, 10)).toEqual({ events: 0, messages: 0 })
      expect(await store.tombstoneForwardedFrom('app_a', 'alice', now + 1, 10)).toBe(1)
      expect(await store.scrubMentions('app_a', 'alice', 'erased_x')).toBe(1)
      const events = (await storage.events.range('app_a', 'c_1', { afterSeq: 0, limit: 10 })).events
      expect(events.map((event) => [event.seq, event.senderId, event.body, event.ext, event.recalledAt])).toEqual([
        [1, 'erased_x', undefined, { erased: true }, now + 1],
        [2, 'bob', { type: 'text', text: 'alpha two' }, undefined, undefined],
        [3, 'erased_x', undefined, { erased: true }, now + 1],
        [4, 'bob', undefined, { erased: true }, now + 1],
      ])
      expect(events[1]!.reactions).toBeUndefined()
      expect((await storage.events.search('app_a', 'bob', { terms: ['alpha'], limit: 10 })).map((event) => event.seq)).toEqual([2])

      await storage.bots!.addUsage({ appId: 'app_a', botId: 'b', userId: 'alice', day: '2026-12-01', inputTokens: 5, outputTokens: 7 })
      expect(await store.usageOf('app_a', 'alice')).toEqual([{ botId: 'b', day: '2026-12-01', inputTokens: 5, outputTokens: 7, handoffs: 0 }])
      expect(await store.pseudonymiseUsage('app_a', 'alice', 'erased_x')).toBe(1)
      expect(await store.usageOf('app_a', 'alice')).toEqual([])
      expect((await store.usageOf('app_a', 'erased_x')).length).toBe(1)

      await storage.webhooks.create({ appId: 'app_a', id: 'wh', url: 'https://example.com/h', secret: 's', events: ['*'], enabled: true, createdAt: now, updatedAt: now })
      const delivery = (id: string, payload: unknown, status: 'pending' | 'succeeded') => ({
        appId: 'app_a', id, webhookId: 'wh', eventId: id, type: 'message.created', payload: JSON.stringify(payload), status, attempts: 0,
        nextAttemptAt: now, lastStatusCode: null, lastError: null, lastResponseMs: null, lastResponseBody: null, createdAt: now, updatedAt: now,
      })
      await storage.webhooks.enqueue([delivery('d1', { senderId: 'alice' }, 'pending'), delivery('d2', { senderId: 'alice2' }, 'pending'), delivery('d3', { senderId: 'alice' }, 'succeeded')])
      await storage.webhooks.enqueue([{ ...delivery('d4', { text: 'old' }, 'succeeded'), createdAt: now - 10 }, { ...delivery('d5', { text: 'old, pending' }, 'pending'), createdAt: now - 10 }])
      expect(await store.deleteDeliveriesNaming('app_a', 'alice')).toBe(2)
      expect((await storage.webhooks.listDeliveries('app_a', 'wh', { limit: 10 })).map((row) => row.id).sort()).toEqual(['d2', 'd4', 'd5'])
      expect(await store.deleteDeliveriesBefore('app_a', now)).toBe(1) // the old log entry; a pending delivery is still owed
      expect((await storage.webhooks.listDeliveries('app_a', 'wh', { limit: 10 })).map((row) => row.id).sort()).toEqual(['d2', 'd5'])

      // Retention: bob's message at seq 2 is older than the cutoff, the rest is already a tombstone.
      const later = await append('bob', { body: { type: 'text', text: 'late' }, ts: now + 1000 })
      expect(await store.retentionCursor('app_a', 'c_1')).toBe(0)
      expect(await store.purgeExpiredEvents('app_a', 'c_1', now + 500, now + 2, 2)).toEqual({ events: 1, messages: 1, done: false })
      expect(await store.retentionCursor('app_a', 'c_1')).toBe(2)
      expect(await store.purgeExpiredEvents('app_a', 'c_1', now + 500, now + 2, 2)).toEqual({ events: 0, messages: 0, done: true })
      expect(await store.retentionCursor('app_a', 'c_1')).toBe(4)
      expect(await storage.events.get('app_a', 'c_1', 2)).toMatchObject({ ext: { purged: true }, recalledAt: now + 2 })
      expect((await storage.events.get('app_a', 'c_1', later.event.seq))!.body).toEqual({ type: 'text', text: 'late' })
      expect(await store.conversationIds('app_a', '', 10)).toEqual(['c_1'])
      expect([...(await store.conversationsOfMembers('app_a', ['alice']))]).toEqual(['c_1'])
    })

    it('scrubs and exports the customer-service and tool-call records of a user', async () => {
      await storage.apps.create({ id: 'app_a', name: 'a', secretHash: 'h_a', signingKey: 'k_a', createdAt: now, settings: {} })
      await storage.conversations.createGroup({ appId: 'app_a', id: 'c_s', kind: 'group', name: 'g', ownerId: 'alice', ext: {}, createdAt: now, settings: {} }, [{ userId: 'alice', role: 'owner' }])
      await storage.support.handoff('app_a', 'c_s', { customerId: 'alice', reason: 'customer_request', summary: 'alice wants a refund for order 77', caseId: 'case_1', now })
      await storage.support.addNote({ appId: 'app_a', id: 'n_1', conversationId: 'c_s', authorId: 'agent', text: 'alice sounded upset', createdAt: now })
      await storage.support.addCsat({ appId: 'app_a', conversationId: 'c_s', caseId: 'case_1', userId: 'alice', rating: 2, comment: 'slow, said alice', assigneeId: null, team: null, resolvedAt: now, createdAt: now })
      await storage.tools!.createCall({
        appId: 'app_a', id: 'tc_1', toolId: 't', toolName: 'lookup_order', botId: 'b', userId: 'alice', conversationId: 'c_s', risk: 'read', arguments: { email: 'alice@example.com' }, argumentsHash: 'x',
        status: 'succeeded', approval: 'not_required', httpStatus: 200, latencyMs: 5, error: null, confirmSeq: null, expiresAt: null, decidedAt: null, createdAt: now, updatedAt: now,
      } as never)

      const exported = await store.supportAndToolsOf('app_a', 'alice')
      expect(exported.toolCalls).toMatchObject([{ id: 'tc_1', tool: 'lookup_order', arguments: { email: 'alice@example.com' } }])
      expect(exported.supportStates).toMatchObject([{ conversationId: 'c_s', summary: 'alice wants a refund for order 77' }])
      expect(exported.csat).toMatchObject([{ rating: 2, comment: 'slow, said alice' }])

      expect(await store.scrubSupportAndTools('app_a', 'alice', 'erased_x')).toEqual({ toolCalls: 1, supportRecords: 2, notes: 1 })
      expect(await store.supportAndToolsOf('app_a', 'alice')).toEqual({ toolCalls: [], supportStates: [], csat: [] })
      const kept = await store.supportAndToolsOf('app_a', 'erased_x')
      expect(JSON.stringify(kept)).not.toMatch(/alice|refund|slow/)
      expect(kept.toolCalls).toMatchObject([{ id: 'tc_1', status: 'succeeded', arguments: {} }])
      expect(await storage.support.listNotes('app_a', 'c_s')).toEqual([])
      expect(await store.scrubSupportAndTools('app_a', 'alice', 'erased_x')).toEqual({ toolCalls: 0, supportRecords: 0, notes: 0 })
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
