import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.support}: every storage backend must pass it. Assignment is
 * checked under concurrency too: calls made at once never give a conversation to two agents nor an
 * agent more than their capacity.
 *
 * @example
 * ```ts
 * describeSupportStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeSupportStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`SupportStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000
    const handoff = (appId: string, conversationId: string, at: number, extra: { team?: string } = {}) =>
      storage.support.handoff(appId, conversationId, { customerId: `cust_${conversationId}`, reason: 'customer_request', caseId: `case_${conversationId}_${at}`, now: at, ...extra })

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      for (const id of ['app_a', 'app_b']) await storage.apps.create({ id, name: id, secretHash: `hash_${id}`, signingKey: `key_${id}`, createdAt: now } as never)
    })
    afterEach(async () => {
      await storage.close()
    })

    it('keeps agent profiles with defaults, per app', async () => {
      const lin = await storage.support.putAgent('app_a', 'lin', {}, now)
      expect(lin).toMatchObject({ userId: 'lin', capacity: 3, teams: [], availability: 'online', openCount: 0, lastAssignedAt: null })
      const changed = await storage.support.putAgent('app_a', 'lin', { capacity: 5, teams: ['billing'] }, now + 1)
      expect(changed).toMatchObject({ capacity: 5, teams: ['billing'], availability: 'online', updatedAt: now + 1 })
      await storage.support.putAgent('app_a', 'amy', { availability: 'busy' }, now)
      expect((await storage.support.listAgents('app_a')).map((agent) => agent.userId)).toEqual(['amy', 'lin'])
      expect(await storage.support.getAgent('app_b', 'lin')).toBeUndefined()
      expect(await storage.support.listAgents('app_b')).toEqual([])
    })

    it('hands off once, and assigns the oldest queued to the least loaded agent within capacity', async () => {
      await storage.support.putAgent('app_a', 'lin', { capacity: 1 }, now)
      await storage.support.putAgent('app_a', 'amy', { capacity: 1 }, now)
      for (let index = 0; index < 10; index++) await handoff('app_a', `c${index}`, now + index)
      const again = await handoff('app_a', 'c0', now + 100)
      expect(again.created).toBe(false)
      expect(again.state).toMatchObject({ status: 'queued', queuedAt: now, caseId: `case_c0_${now}` })
      const assigned = await storage.support.assignQueued('app_a', ['lin', 'amy'], now + 200)
      expect(assigned.map((entry) => entry.conversationId)).toEqual(['c0', 'c1'])
      expect(new Set(assigned.map((entry) => entry.agentId))).toEqual(new Set(['lin', 'amy']))
      expect(await storage.support.counts('app_a', 'lin')).toEqual({ queued: 8, assigned: 2, snoozed: 0, resolved: 0, mine: 1 })
      expect(await storage.support.assignQueued('app_a', ['lin', 'amy'], now + 300)).toEqual([])
      const first = assigned[0]!
      const resolved = await storage.support.resolve('app_a', first.conversationId, now + 400)
      expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: now + 400, assigneeId: first.agentId })
      const next = await storage.support.assignQueued('app_a', ['lin', 'amy'], now + 500)
      expect(next.map((entry) => [entry.conversationId, entry.agentId])).toEqual([['c2', first.agentId]])
      expect((await storage.support.getAgent('app_a', first.agentId))?.openCount).toBe(1)
      expect(await storage.support.assignQueued('app_b', ['lin', 'amy'], now + 500)).toEqual([])
    })

    it('never double-assigns nor exceeds capacity when assignments run at once', async () => {
      await storage.support.putAgent('app_a', 'lin', { capacity: 2 }, now)
      await storage.support.putAgent('app_a', 'amy', { capacity: 1 }, now)
      for (let index = 0; index < 8; index++) await handoff('app_a', `c${index}`, now + index)
      const rounds = await Promise.all(Array.from({ length: 6 }, (_, index) => storage.support.assignQueued('app_a', ['lin', 'amy'], now + 100 + index)))
      const all = rounds.flat()
      expect(all).toHaveLength(3)
      expect(new Set(all.map((entry) => entry.conversationId)).size).toBe(3)
      expect(all.map((entry) => entry.conversationId).sort()).toEqual(['c0', 'c1', 'c2'])
      expect(all.filter((entry) => entry.agentId === 'lin')).toHaveLength(2)
      expect((await storage.support.getAgent('app_a', 'lin'))?.openCount).toBe(2)
      expect((await storage.support.getAgent('app_a', 'amy'))?.openCount).toBe(1)
    })

    it('keeps a team’s conversations to its agents and skips agents who are not online', async () => {
      await storage.support.putAgent('app_a', 'lin', { teams: ['sales'] }, now)
      await storage.support.putAgent('app_a', 'amy', { teams: ['billing'], availability: 'busy' }, now)
      await handoff('app_a', 'c1', now, { team: 'billing' })
      await handoff('app_a', 'c2', now + 1)
      const assigned = await storage.support.assignQueued('app_a', ['lin', 'amy'], now + 10)
      expect(assigned.map((entry) => [entry.conversationId, entry.agentId])).toEqual([['c2', 'lin']])
      await storage.support.putAgent('app_a', 'amy', { availability: 'online' }, now + 20)
      expect((await storage.support.assignQueued('app_a', ['lin', 'amy'], now + 30)).map((entry) => entry.agentId)).toEqual(['amy'])
    })

    it('assigns and transfers by hand within capacity; a take-over cannot take a colleague’s conversation', async () => {
      await storage.support.putAgent('app_a', 'lin', { capacity: 1 }, now)
      await storage.support.putAgent('app_a', 'amy', { capacity: 1 }, now)
      const taken = await storage.support.assignTo('app_a', 'c1', 'lin', now, { caseId: 'case_1', customerId: 'cust', takeOver: true })
      expect(taken.state).toMatchObject({ status: 'assigned', assigneeId: 'lin', caseId: 'case_1', reason: 'other', customerId: 'cust' })
      await expect(storage.support.assignTo('app_a', 'c1', 'amy', now, { caseId: 'x', customerId: null, takeOver: true })).rejects.toMatchObject({ code: 'conflict' })
      await handoff('app_a', 'c2', now)
      await expect(storage.support.assignTo('app_a', 'c2', 'lin', now, { caseId: 'x', customerId: null })).rejects.toMatchObject({ code: 'conflict' })
      const moved = await storage.support.assignTo('app_a', 'c1', 'amy', now + 5, { caseId: 'x', customerId: null })
      expect(moved).toMatchObject({ previousAssigneeId: 'lin', state: { assigneeId: 'amy', caseId: 'case_1' } })
      expect((await storage.support.getAgent('app_a', 'lin'))?.openCount).toBe(0)
      expect((await storage.support.getAgent('app_a', 'amy'))?.openCount).toBe(1)
      const back = await storage.support.requeue('app_a', 'c1', now + 6, 'billing')
      expect(back).toMatchObject({ status: 'queued', assigneeId: null, team: 'billing' })
      expect((await storage.support.getAgent('app_a', 'amy'))?.openCount).toBe(0)
    })

    it('records the first response once, snoozes and reopens when due, and returns to the bot', async () => {
      await storage.support.putAgent('app_a', 'lin', {}, now)
      await handoff('app_a', 'c1', now)
      await storage.support.assignQueued('app_a', ['lin'], now + 1)
      expect(await storage.support.recordFirstResponse('app_a', 'c1', 'amy', now + 2)).toBeUndefined()
      expect(await storage.support.recordFirstResponse('app_a', 'c1', 'lin', now + 3)).toMatchObject({ firstResponseAt: now + 3 })
      expect(await storage.support.recordFirstResponse('app_a', 'c1', 'lin', now + 4)).toBeUndefined()
      const snoozed = await storage.support.snooze('app_a', 'c1', now + 1000, now + 5)
      expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: now + 1000, assigneeId: null })
      expect((await storage.support.getAgent('app_a', 'lin'))?.openCount).toBe(0)
      expect(await storage.support.reopenDue(now + 999)).toEqual([])
      const reopened = await storage.support.reopenDue(now + 1000)
      expect(reopened.map((state) => [state.conversationId, state.status])).toEqual([['c1', 'queued']])
      expect(await storage.support.reopenDue(now + 2000)).toEqual([])
      expect(await storage.support.appsWithQueued()).toEqual(['app_a'])
      await storage.support.resolve('app_a', 'c1', now + 3000)
      expect(await storage.support.returnToBot('app_a', 'c1', now + 4000)).toMatchObject({ status: 'bot', resolvedAt: now + 3000 })
      const cases = await storage.support.listCases('app_a', { from: now, to: now + 10_000 })
      expect(cases).toEqual([expect.objectContaining({ id: `case_c1_${now}`, assigneeId: 'lin', firstResponseAt: now + 3, resolvedAt: now + 3000 })])
    })

    it('announces each SLA breach once, and lists states with counts', async () => {
      await handoff('app_a', 'c1', now)
      await handoff('app_a', 'c2', now + 1)
      await storage.support.ensureState('app_a', 'c3', 'cust_3', now + 2)
      expect((await storage.support.openForSla()).map((state) => state.conversationId)).toEqual(['c1', 'c2'])
      expect(await storage.support.markBreached('app_a', 'c1', 'first_response')).toBe(true)
      expect(await storage.support.markBreached('app_a', 'c1', 'first_response')).toBe(false)
      expect(await storage.support.markBreached('app_a', 'c1', 'resolution')).toBe(true)
      expect((await storage.support.openForSla()).map((state) => state.conversationId)).toEqual(['c2'])
      const queued = await storage.support.listStates('app_a', { status: 'queued', limit: 1 })
      expect(queued.map((state) => state.conversationId)).toEqual(['c1'])
      const page2 = await storage.support.listStates('app_a', { status: 'queued', limit: 5, after: 'c1' })
      expect(page2.map((state) => state.conversationId)).toEqual(['c2'])
      expect((await storage.support.listStates('app_a', { limit: 10 })).map((state) => state.conversationId).sort()).toEqual(['c1', 'c2', 'c3'])
      expect(await storage.support.countStatesCreated('app_a', { from: now, to: now + 10 })).toBe(3)
      expect(await storage.support.listStates('app_b', { limit: 10 })).toEqual([])
    })

    it('keeps notes, canned replies, one CSAT per case and settings', async () => {
      await storage.support.addNote({ appId: 'app_a', id: 'n2', conversationId: 'c1', authorId: 'lin', text: 'VIP', createdAt: now + 1 })
      await storage.support.addNote({ appId: 'app_a', id: 'n1', conversationId: 'c1', authorId: 'lin', text: 'first', createdAt: now })
      expect((await storage.support.listNotes('app_a', 'c1')).map((note) => note.text)).toEqual(['first', 'VIP'])
      expect(await storage.support.listNotes('app_b', 'c1')).toEqual([])

      await storage.support.createCannedReply({ appId: 'app_a', id: 'r1', shortcut: 'hello', text: 'Hello!', createdAt: now, updatedAt: now })
      await expect(storage.support.createCannedReply({ appId: 'app_a', id: 'r2', shortcut: 'hello', text: 'x', createdAt: now, updatedAt: now })).rejects.toMatchObject({ code: 'already_exists' })
      await storage.support.createCannedReply({ appId: 'app_b', id: 'r2', shortcut: 'hello', text: 'x', createdAt: now, updatedAt: now })
      expect(await storage.support.updateCannedReply('app_a', 'r1', { text: 'Hi!', updatedAt: now + 1 })).toMatchObject({ shortcut: 'hello', text: 'Hi!' })
      expect(await storage.support.updateCannedReply('app_a', 'nope', { text: 'Hi!', updatedAt: now + 1 })).toBeUndefined()
      expect((await storage.support.listCannedReplies('app_a')).map((reply) => reply.id)).toEqual(['r1'])
      expect(await storage.support.deleteCannedReply('app_a', 'r1')).toBe(true)
      expect(await storage.support.deleteCannedReply('app_a', 'r1')).toBe(false)

      const csat = { appId: 'app_a', conversationId: 'c1', caseId: 'case_1', userId: 'cust', rating: 5, comment: 'great', assigneeId: 'lin', team: null, resolvedAt: now, createdAt: now + 1 }
      await storage.support.addCsat(csat)
      await expect(storage.support.addCsat({ ...csat, rating: 1 })).rejects.toMatchObject({ code: 'already_exists' })
      await storage.support.addCsat({ ...csat, caseId: 'case_2', rating: 3, comment: null })
      expect((await storage.support.listCsat('app_a', { from: now, to: now + 10 })).map((entry) => entry.rating)).toEqual([5, 3])

      expect(await storage.support.getSettings('app_a')).toBeUndefined()
      await storage.support.putSettings('app_a', { handoffPhrases: ['人工'] }, now)
      await storage.support.putSettings('app_a', { handoffPhrases: ['人工', 'human'] }, now + 1)
      expect(await storage.support.getSettings('app_a')).toEqual({ handoffPhrases: ['人工', 'human'] })
      expect(await storage.support.getSettings('app_b')).toBeUndefined()
    })

    it('sends an agent’s open conversations back to the queue when the profile is removed', async () => {
      await storage.support.putAgent('app_a', 'lin', {}, now)
      await handoff('app_a', 'c1', now)
      await storage.support.assignQueued('app_a', ['lin'], now + 1)
      expect(await storage.support.deleteAgent('app_a', 'lin', now + 2)).toBe(true)
      expect(await storage.support.getState('app_a', 'c1')).toMatchObject({ status: 'queued', assigneeId: null })
      expect(await storage.support.deleteAgent('app_a', 'lin', now + 3)).toBe(false)
    })
  })
}
