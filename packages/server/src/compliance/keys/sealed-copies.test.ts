import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PostgresStorage } from '../../storage/postgres/postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../storage/postgres/testing/postgres-test-database.js'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js'
import type { Storage } from '../../storage/storage.js'
import type { ToolCallRecord } from '../../storage/tool-store.js'
import type { DeliveryRecord } from '../../storage/webhook-store.js'
import { AppKeyring } from './app-keyring.js'
import { masterKey } from './master-key.js'
import { withSealedSecrets } from './sealed-stores.js'

const postgresSkip = await postgresSkipReason()
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

const ENGINES: { name: string; skip?: string; open: () => Promise<Storage> }[] = [
  { name: 'sqlite', open: () => SqliteStorage.open({ filename: ':memory:' }) },
  {
    name: 'postgres',
    ...(postgresSkip ? { skip: postgresSkip } : {}),
    open: async () => {
      const schema = testSchemaName()
      schemas.push(schema)
      return PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 3 })
    },
  },
]

const now = 1_700_000_000_000
// Words that only the payloads hold.
const SECRET_TEXT = 'the wombat password is marzipan'
const WORDS = ['wombat', 'marzipan', 'A-99817', 'Baker Street 221']

const delivery = (id: string, userId: string): DeliveryRecord => ({
  appId: 'app_a', id, webhookId: 'wh_1', eventId: `evt_${id}`, type: 'message.created',
  payload: JSON.stringify({ id: `evt_${id}`, data: { from: userId, body: { type: 'text', text: SECRET_TEXT } } }),
  status: 'pending', attempts: 0, nextAttemptAt: now, lastStatusCode: null, lastError: null, lastResponseMs: null, lastResponseBody: null, createdAt: now, updatedAt: now,
})

const call: ToolCallRecord = {
  appId: 'app_a', id: 'tc_1', toolId: 'tl_1', toolName: 'getOrder', botId: 'bot', userId: 'alice', conversationId: 'c1', risk: 'write',
  arguments: { orderId: 'A-99817', address: 'Baker Street 221' }, argumentsHash: 'h1', status: 'pending', approval: 'pending',
  httpStatus: null, latencyMs: null, error: null, confirmSeq: null, expiresAt: null, decidedAt: null, createdAt: now, updatedAt: now,
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`copies sealed with the app key (${engine.name})`, () => {
    let raw: Storage
    let sealed: Storage
    beforeEach(async () => {
      raw = await engine.open()
      await raw.migrate()
      await raw.apps.create({ id: 'app_a', name: 'A', secretHash: 'hash_a', signingKey: 'key_a', createdAt: now, settings: {} })
      await raw.webhooks.create({ appId: 'app_a', id: 'wh_1', url: 'https://example.com/h', secret: 'whsec_1', events: ['*'], enabled: true, createdAt: now, updatedAt: now })
      const keyring = new AppKeyring({ store: raw.appKeys!, master: masterKey(randomBytes(32)) })
      sealed = withSealedSecrets(raw, { box: (appId) => keyring.box(appId), keyring })
    })
    afterEach(() => raw.close())

    /** Nothing the store holds (read without the keys) contains a word of the payloads. */
    const expectNoPlaintext = (stored: unknown) => {
      const text = JSON.stringify(stored)
      for (const word of WORDS) expect(text.includes(word), word).toBe(false)
    }

    it('webhook payloads: stored sealed, the dispatcher and the log read them, erasure still finds the user by a blind mark', async () => {
      await sealed.webhooks.enqueue([delivery('d_1', 'alice'), delivery('d_2', 'bob')])
      expectNoPlaintext(await raw.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10 }))
      expect(JSON.stringify(await raw.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10 }))).not.toContain('alice')
      const claimed = await sealed.webhooks.claimDue(now, 10, 1000)
      expect(claimed.map((d) => JSON.parse(d.payload).data.body.text)).toEqual([SECRET_TEXT, SECRET_TEXT])
      expect(JSON.parse((await sealed.webhooks.getDelivery('app_a', 'wh_1', 'd_1'))!.payload).data.from).toBe('alice')
      // A payload stored in the clear before still reads, and erasure still finds it by the id itself.
      await raw.webhooks.enqueue([delivery('d_3', 'alice')])
      expect((await sealed.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10 })).map((d) => JSON.parse(d.payload).data.from).sort()).toEqual(['alice', 'alice', 'bob'])
      expect(await sealed.compliance!.deleteDeliveriesNaming('app_a', 'alice')).toBe(2)
      expect((await sealed.webhooks.listDeliveries('app_a', 'wh_1', { limit: 10 })).map((d) => d.id)).toEqual(['d_2'])
    })

    it('queued push payloads: stored sealed, the dispatcher and the queue listing read them', async () => {
      const payload = JSON.stringify({ title: 'Ann', body: SECRET_TEXT })
      expect(await sealed.push.enqueue([{ appId: 'app_a', id: 'pj_1', userId: 'alice', deviceId: 'd1', provider: 'fcm', conversationId: 'c1', seq: 1, payload, nextAttemptAt: now, messageAt: now, createdAt: now }])).toBe(1)
      expectNoPlaintext(await raw.push.listJobs('app_a', { limit: 10 }))
      expect((await sealed.push.listJobs('app_a', { limit: 10 })).map((job) => job.payload)).toEqual([payload])
      expect((await sealed.push.claimDue(now, 10, 1000)).map((job) => job.payload)).toEqual([payload])
    })

    it('tool-call arguments: stored sealed, read back by the tool store and in an export; erasure scrubs them', async () => {
      await sealed.tools!.createCall(call)
      expectNoPlaintext(await raw.tools!.getCall('app_a', 'tc_1'))
      expect((await sealed.tools!.getCall('app_a', 'tc_1'))!.arguments).toEqual(call.arguments)
      expect((await sealed.tools!.listCalls('app_a', { limit: 10 }))[0]!.arguments).toEqual(call.arguments)
      const decided = await sealed.tools!.decideCall('app_a', 'tc_1', { approval: 'approved', status: 'running', decidedAt: now + 1 })
      expect(decided!.arguments).toEqual(call.arguments)
      expect((await sealed.compliance!.supportAndToolsOf('app_a', 'alice')).toolCalls).toMatchObject([{ id: 'tc_1', arguments: call.arguments }])
      expect((await sealed.compliance!.scrubSupportAndTools('app_a', 'alice', 'erased_x')).toolCalls).toBe(1)
      expect((await sealed.tools!.getCall('app_a', 'tc_1'))!.arguments).toEqual({})
    })

    it('support notes, hand-off summaries and CSAT comments: stored sealed, read back by the support store and in an export; erasure scrubs them', async () => {
      const handed = await sealed.support.handoff('app_a', 'c1', { customerId: 'alice', reason: 'other', summary: `lives at Baker Street 221, ${SECRET_TEXT}`, caseId: 'case_1', now })
      expect(handed.state.summary).toBe(`lives at Baker Street 221, ${SECRET_TEXT}`)
      await sealed.support.addNote({ appId: 'app_a', id: 'n_1', conversationId: 'c1', authorId: 'agent', text: `order A-99817: ${SECRET_TEXT}`, createdAt: now })
      await sealed.support.addCsat({ appId: 'app_a', conversationId: 'c1', caseId: 'case_1', userId: 'alice', rating: 2, comment: 'the wombat was late', assigneeId: null, team: null, resolvedAt: now, createdAt: now })
      expectNoPlaintext([await raw.support.getState('app_a', 'c1'), await raw.support.listNotes('app_a', 'c1'), await raw.support.listCsat('app_a', { from: 0, to: now + 1 })])
      expect((await sealed.support.getState('app_a', 'c1'))!.summary).toBe(`lives at Baker Street 221, ${SECRET_TEXT}`)
      expect((await sealed.support.listStates('app_a', { limit: 10 }))[0]!.summary).toBe(`lives at Baker Street 221, ${SECRET_TEXT}`)
      expect((await sealed.support.listNotes('app_a', 'c1')).map((note) => note.text)).toEqual([`order A-99817: ${SECRET_TEXT}`])
      expect((await sealed.support.listCsat('app_a', { from: 0, to: now + 1 })).map((answer) => answer.comment)).toEqual(['the wombat was late'])
      const exported = await sealed.compliance!.supportAndToolsOf('app_a', 'alice')
      expect(exported.supportStates).toMatchObject([{ summary: `lives at Baker Street 221, ${SECRET_TEXT}` }])
      expect(exported.csat).toMatchObject([{ comment: 'the wombat was late' }])
      // Texts stored in the clear before still read as they are (one that merely looks sealed too).
      await raw.support.addNote({ appId: 'app_a', id: 'n_2', conversationId: 'c1', authorId: 'agent', text: 'a1: call back', createdAt: now + 1 })
      expect((await sealed.support.listNotes('app_a', 'c1')).map((note) => note.text)).toEqual([`order A-99817: ${SECRET_TEXT}`, 'a1: call back'])
      const scrubbed = await sealed.compliance!.scrubSupportAndTools('app_a', 'alice', 'erased_x')
      expect([scrubbed.supportRecords, scrubbed.notes]).toEqual([2, 2])
      expect((await sealed.support.getState('app_a', 'c1'))!.summary).toBeNull()
    })
  })
}
