import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewPushJob, PushTargetRecord } from '../push-store.js'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.push}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describePushStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describePushStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`PushStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000
    const target = (userId: string, deviceId: string, address: string, extra: Partial<PushTargetRecord> = {}): PushTargetRecord => ({
      appId: 'app_a', userId, deviceId, provider: 'fcm', address, createdAt: now, updatedAt: now, ...extra,
    })
    const job = (id: string, seq: number, extra: Partial<NewPushJob> = {}): NewPushJob => ({
      appId: 'app_a', id, userId: 'u_1', deviceId: 'd_1', provider: 'fcm', conversationId: 'c_1', seq, payload: `{"seq":${seq}}`,
      nextAttemptAt: now, messageAt: now, createdAt: now, ...extra,
    })

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
    })
    afterEach(async () => {
      await storage.close()
    })

    it('registers, replaces, lists and removes a user’s devices, apps apart', async () => {
      expect(await storage.push.appHasTargets('app_a')).toBe(false)
      await storage.push.putTarget(target('u_1', 'd_1', 'tok-1'))
      expect(await storage.push.appHasTargets('app_a')).toBe(true)
      await storage.push.putTarget(target('u_1', 'd_2', 'tok-2'))
      await storage.push.putTarget(target('u_1', 'd_1', 'tok-1b', { updatedAt: now + 5 }))
      await storage.push.putTarget({ ...target('u_1', 'd_9', 'tok-9'), appId: 'app_b' })
      const listed = await storage.push.listTargets('app_a', 'u_1')
      expect(listed.map((entry) => [entry.deviceId, entry.address, entry.updatedAt])).toEqual([
        ['d_1', 'tok-1b', now + 5],
        ['d_2', 'tok-2', now],
      ])
      expect(listed[0]!.createdAt).toBe(now)
      expect((await storage.push.targetsOfUsers('app_a', ['u_1', 'u_2'])).length).toBe(2)
      expect(await storage.push.targetsOfUsers('app_a', [])).toEqual([])
      expect(await storage.push.deleteTarget('app_a', 'u_1', 'd_2')).toBe(true)
      expect(await storage.push.deleteTarget('app_a', 'u_1', 'd_2')).toBe(false)
      expect(await storage.push.deleteTargetsOfUser('app_a', 'u_1')).toBe(1)
      expect(await storage.push.listTargets('app_b', 'u_1')).toHaveLength(1)
    })

    it('gives a device token to one user at a time: the new owner takes it', async () => {
      await storage.push.putTarget(target('u_1', 'd_1', 'shared-token'))
      await storage.push.putTarget(target('u_2', 'd_7', 'shared-token'))
      expect(await storage.push.listTargets('app_a', 'u_1')).toEqual([])
      expect((await storage.push.listTargets('app_a', 'u_2')).map((entry) => entry.deviceId)).toEqual(['d_7'])
    })

    it('prunes a target only while it still has the address the provider refused', async () => {
      await storage.push.putTarget(target('u_1', 'd_1', 'old'))
      await storage.push.putTarget(target('u_1', 'd_1', 'new'))
      expect(await storage.push.pruneTarget('app_a', 'u_1', 'd_1', 'old')).toBe(false)
      expect(await storage.push.pruneTarget('app_a', 'u_1', 'd_1', 'new')).toBe(true)
      expect(await storage.push.listTargets('app_a', 'u_1')).toEqual([])
    })

    it('queues once per device and message, and collapses a burst into the pending job', async () => {
      expect(await storage.push.enqueue([job('pj_1', 5)])).toBe(1)
      expect(await storage.push.enqueue([job('pj_1b', 5)])).toBe(0)
      expect(await storage.push.enqueue([job('pj_2', 6, { payload: '{"seq":6}', messageAt: now + 6 }), job('pj_3', 7, { payload: '{"seq":7}', messageAt: now + 7 })])).toBe(0)
      expect(await storage.push.enqueue([job('pj_4', 3, { conversationId: 'c_2' })])).toBe(1)
      const jobs = await storage.push.listJobs('app_a', { limit: 10 })
      const burst = jobs.find((entry) => entry.conversationId === 'c_1')!
      expect(burst).toMatchObject({ id: 'pj_1', seq: 7, collapsed: 3, payload: '{"seq":7}', messageAt: now + 7, status: 'pending', attempts: 0 })
      expect(jobs).toHaveLength(2)
    })

    it('claims due jobs with a lease, records outcomes, and no longer collapses into an attempted job', async () => {
      await storage.push.enqueue([job('pj_1', 1), job('pj_2', 1, { deviceId: 'd_2', nextAttemptAt: now + 60_000 })])
      const claimed = await storage.push.claimDue(now, 10, 30_000)
      expect(claimed.map((entry) => entry.id)).toEqual(['pj_1'])
      expect(await storage.push.claimDue(now + 1, 10, 30_000)).toEqual([])
      await storage.push.recordOutcome('app_a', 'pj_1', { status: 'pending', attempts: 1, nextAttemptAt: now + 2000, lastStatusCode: 503, lastError: 'HTTP 503', updatedAt: now + 1, sentAt: null })
      // A later message of the same conversation after a failed attempt is its own job.
      expect(await storage.push.enqueue([job('pj_3', 2)])).toBe(1)
      await storage.push.recordOutcome('app_a', 'pj_1', { status: 'sent', attempts: 2, nextAttemptAt: now + 2000, lastStatusCode: 201, lastError: null, updatedAt: now + 3, sentAt: now + 3 })
      const [sent] = await storage.push.listJobs('app_a', { status: 'sent', limit: 10 })
      expect(sent).toMatchObject({ id: 'pj_1', attempts: 2, lastStatusCode: 201, sentAt: now + 3 })
      expect(await storage.push.deleteFinishedBefore(now + 1, 100)).toBe(1)
      expect(await storage.push.deleteJobsOfUser('app_a', 'u_1')).toBe(2)
    })

    it('lets only one of several concurrent claims take each job', async () => {
      await storage.push.enqueue(Array.from({ length: 20 }, (_, index) => job(`pj_${index}`, index + 1, { conversationId: `c_${index}` })))
      const claims = await Promise.all(Array.from({ length: 4 }, () => storage.push.claimDue(now, 20, 30_000)))
      const ids = claims.flat().map((entry) => entry.id)
      expect(ids).toHaveLength(20)
      expect(new Set(ids).size).toBe(20)
    })

    it('pages the delivery log newest first and filters it by user', async () => {
      await storage.push.enqueue([job('pj_1', 1, { createdAt: now }), job('pj_2', 1, { conversationId: 'c_2', createdAt: now + 1 }), job('pj_3', 1, { userId: 'u_2', createdAt: now + 2 })])
      expect((await storage.push.listJobs('app_a', { limit: 2 })).map((entry) => entry.id)).toEqual(['pj_3', 'pj_2'])
      expect((await storage.push.listJobs('app_a', { limit: 2, beforeCreatedAt: now + 1 })).map((entry) => entry.id)).toEqual(['pj_1'])
      expect((await storage.push.listJobs('app_a', { limit: 10, userId: 'u_2' })).map((entry) => entry.id)).toEqual(['pj_3'])
      expect(await storage.push.listJobs('app_b', { limit: 10 })).toEqual([])
    })

    it('keeps credentials per provider, the first VAPID keys win, and preferences per user', async () => {
      const first = await storage.push.putCredentialIfAbsent({ appId: 'app_a', provider: 'webpush', sealed: 'sealed-1', publicInfo: { publicKey: 'P1' }, updatedAt: now })
      const second = await storage.push.putCredentialIfAbsent({ appId: 'app_a', provider: 'webpush', sealed: 'sealed-2', publicInfo: { publicKey: 'P2' }, updatedAt: now })
      expect(first.publicInfo).toEqual({ publicKey: 'P1' })
      expect(second.sealed).toBe('sealed-1')
      await storage.push.putCredential({ appId: 'app_a', provider: 'fcm', sealed: 's', publicInfo: { projectId: 'p' }, updatedAt: now })
      await storage.push.putCredential({ appId: 'app_a', provider: 'fcm', sealed: 's2', publicInfo: { projectId: 'q' }, updatedAt: now + 1 })
      expect((await storage.push.listCredentials('app_a')).map((entry) => [entry.provider, entry.publicInfo])).toEqual([
        ['fcm', { projectId: 'q' }],
        ['webpush', { publicKey: 'P1' }],
      ])
      expect(await storage.push.deleteCredential('app_a', 'fcm')).toBe(true)
      expect(await storage.push.getCredential('app_a', 'fcm')).toBeUndefined()

      const dnd = { start: '22:00', end: '07:30', timeZone: 'Asia/Shanghai' }
      await storage.push.putPreferences({ appId: 'app_a', userId: 'u_1', enabled: true, doNotDisturb: dnd, mentionsOverrideMute: false, updatedAt: now })
      await storage.push.putPreferences({ appId: 'app_a', userId: 'u_2', enabled: false, doNotDisturb: null, mentionsOverrideMute: true, updatedAt: now })
      const preferences = await storage.push.preferencesOf('app_a', ['u_1', 'u_2', 'u_3'])
      expect(preferences.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
        { appId: 'app_a', userId: 'u_1', enabled: true, doNotDisturb: dnd, mentionsOverrideMute: false, updatedAt: now },
        { appId: 'app_a', userId: 'u_2', enabled: false, doNotDisturb: null, mentionsOverrideMute: true, updatedAt: now },
      ])
      expect(await storage.push.deletePreferences('app_a', 'u_2')).toBe(true)
    })
  })
}
