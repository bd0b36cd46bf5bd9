import { WarblerError } from '@warbler/protocol'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../kysely/database.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { toAgent, toCannedReply, toCase, toCsat, toNote, toSupportState } from '../rows/support-rows.js'
import type {
  AgentRecord,
  Assignment,
  CannedReplyRecord,
  CaseRecord,
  CsatRecord,
  HandoffInput,
  NoteRecord,
  SupportListFilter,
  SupportPriority,
  SupportStateRecord,
  SupportStatus,
  SupportStore,
} from '../support-store.js'
import { loadOf, rankAgents } from './support-assignment.js'

type Trx = Transaction<Database>

const DEFAULT_CAPACITY = 3
/** Statuses with an open case. */
const OPEN: readonly SupportStatus[] = ['queued', 'assigned', 'snoozed']

/** The columns that start a fresh case on a state row. */
const freshCase = (caseId: string, now: number) => ({
  case_id: caseId,
  queued_at: now,
  assigned_at: null,
  first_response_at: null,
  resolved_at: null,
  snoozed_until: null,
  first_response_breached: false,
  resolution_breached: false,
  updated_at: now,
})

/**
 * Customer service over Kysely, on either engine. Assignment is decided here and only here
 * ({@link assignQueued}, {@link assignTo}): inside one transaction, an agent's `open_count` moves
 * only by a conditional update (`open_count < capacity`), and a conversation changes hands only
 * while its row is held. On PostgreSQL the state row is locked `FOR UPDATE` (queued rows
 * `FOR UPDATE SKIP LOCKED`, so nodes assigning at once take different conversations) and the
 * conditional update waits for a concurrent one and re-checks; SQLite has one writer, so its
 * transaction alone keeps assignments apart.
 */
export class SqlSupportStore implements SupportStore {
  constructor(private readonly store: StoreDatabase) {}

  private get postgres() {
    return this.store.engine === 'postgres'
  }

  // ---- agents ----

  async putAgent(appId: string, userId: string, patch: Partial<Pick<AgentRecord, 'capacity' | 'teams' | 'availability'>>, now: number): Promise<AgentRecord> {
    return this.store.transaction(async (trx) => {
      const existing = await trx.selectFrom('support_agents').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).$if(this.postgres, (q) => q.forUpdate()).executeTakeFirst()
      if (!existing) {
        await trx
          .insertInto('support_agents')
          .values({
            app_id: appId, user_id: userId, capacity: patch.capacity ?? DEFAULT_CAPACITY, teams: JSON.stringify(patch.teams ?? []),
            availability: patch.availability ?? 'online', open_count: 0, last_assigned_at: null, created_at: now, updated_at: now,
          })
          .onConflict((conflict) => conflict.columns(['app_id', 'user_id']).doNothing())
          .execute()
      } else {
        await trx
          .updateTable('support_agents')
          .set({
            ...(patch.capacity === undefined ? {} : { capacity: patch.capacity }),
            ...(patch.teams === undefined ? {} : { teams: JSON.stringify(patch.teams) }),
            ...(patch.availability === undefined ? {} : { availability: patch.availability }),
            updated_at: now,
          })
          .where('app_id', '=', appId)
          .where('user_id', '=', userId)
          .execute()
      }
      const row = await trx.selectFrom('support_agents').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirstOrThrow()
      return toAgent(row)
    })
  }

  async getAgent(appId: string, userId: string): Promise<AgentRecord | undefined> {
    const row = await this.store.db.selectFrom('support_agents').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    return row && toAgent(row)
  }

  async listAgents(appId: string): Promise<AgentRecord[]> {
    const rows = await this.store.db.selectFrom('support_agents').selectAll().where('app_id', '=', appId).orderBy(this.store.byteOrder('user_id')).execute()
    return rows.map(toAgent)
  }

  async deleteAgent(appId: string, userId: string, now: number): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      await trx
        .updateTable('support_states')
        .set({ status: 'queued', assignee_id: null, assigned_at: null, updated_at: now })
        .where('app_id', '=', appId)
        .where('assignee_id', '=', userId)
        .where('status', '=', 'assigned')
        .execute()
      const result = await trx.deleteFrom('support_agents').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
      return result.numDeletedRows > 0n
    })
  }

  /** Takes one place of the agent's capacity; false when they are full (or not an agent). */
  private async claimAgent(trx: Trx, appId: string, agentId: string, now: number): Promise<boolean> {
    const result = await trx
      .updateTable('support_agents')
      .set((eb) => ({ open_count: eb('open_count', '+', 1), last_assigned_at: now }))
      .where('app_id', '=', appId)
      .where('user_id', '=', agentId)
      .where((eb) => eb('open_count', '<', eb.ref('capacity')))
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  private async releaseAgent(trx: Trx, appId: string, agentId: string | null): Promise<void> {
    if (agentId === null) return
    await trx
      .updateTable('support_agents')
      .set((eb) => ({ open_count: eb('open_count', '-', 1) }))
      .where('app_id', '=', appId)
      .where('user_id', '=', agentId)
      .where('open_count', '>', 0)
      .execute()
  }

  // ---- support state ----

  private selectState(queries: Trx | StoreDatabase['db'], appId: string, conversationId: string) {
    return queries.selectFrom('support_states').selectAll().where('app_id', '=', appId).where('conversation_id', '=', conversationId)
  }

  private async lockState(trx: Trx, appId: string, conversationId: string) {
    const row = await this.selectState(trx, appId, conversationId).$if(this.postgres, (q) => q.forUpdate()).executeTakeFirst()
    return row && toSupportState(row)
  }

  private async readState(trx: Trx, appId: string, conversationId: string): Promise<SupportStateRecord> {
    return toSupportState(await this.selectState(trx, appId, conversationId).executeTakeFirstOrThrow())
  }

  async getState(appId: string, conversationId: string): Promise<SupportStateRecord | undefined> {
    const row = await this.selectState(this.store.db, appId, conversationId).executeTakeFirst()
    return row && toSupportState(row)
  }

  async ensureState(appId: string, conversationId: string, customerId: string | null, now: number): Promise<SupportStateRecord> {
    await this.store.db
      .insertInto('support_states')
      .values({
        app_id: appId, conversation_id: conversationId, customer_id: customerId, status: 'bot', assignee_id: null, team: null, priority: 'normal',
        reason: null, summary: null, case_id: null, queued_at: null, assigned_at: null, first_response_at: null, resolved_at: null, snoozed_until: null,
        first_response_breached: false, resolution_breached: false, created_at: now, updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id']).doNothing())
      .execute()
    const state = await this.getState(appId, conversationId)
    if (!state) throw new Error('support state vanished after insert')
    if (state.customerId === null && customerId !== null) {
      await this.store.db.updateTable('support_states').set({ customer_id: customerId }).where('app_id', '=', appId).where('conversation_id', '=', conversationId).execute()
      return { ...state, customerId }
    }
    return state
  }

  async handoff(appId: string, conversationId: string, input: HandoffInput): Promise<{ state: SupportStateRecord; created: boolean }> {
    await this.ensureState(appId, conversationId, input.customerId, input.now)
    return this.store.transaction(async (trx) => {
      const current = await this.lockState(trx, appId, conversationId)
      if (current && OPEN.includes(current.status)) return { state: current, created: false }
      const priority = input.priority ?? current?.priority ?? 'normal'
      const team = input.team ?? null
      await trx
        .updateTable('support_states')
        .set({
          ...freshCase(input.caseId, input.now), status: 'queued', assignee_id: null, team, priority, reason: input.reason, summary: input.summary ?? null,
          ...(input.customerId !== null && current?.customerId == null ? { customer_id: input.customerId } : {}),
        })
        .where('app_id', '=', appId)
        .where('conversation_id', '=', conversationId)
        .execute()
      await trx
        .insertInto('support_cases')
        .values({ app_id: appId, id: input.caseId, conversation_id: conversationId, reason: input.reason, team, priority, assignee_id: null, queued_at: input.now, first_response_at: null, resolved_at: null })
        .execute()
      return { state: await this.readState(trx, appId, conversationId), created: true }
    })
  }

  async assignQueued(appId: string, availableAgentIds: readonly string[], now: number, limit = 50): Promise<Assignment[]> {
    if (availableAgentIds.length === 0) return []
    return this.store.transaction(async (trx) => {
      const agentRows = await trx
        .selectFrom('support_agents')
        .selectAll()
        .where('app_id', '=', appId)
        .where('user_id', 'in', [...availableAgentIds])
        .where('availability', '=', 'online')
        .where((eb) => eb('open_count', '<', eb.ref('capacity')))
        .execute()
      const agents = agentRows.map((row) => loadOf(toAgent(row)))
      if (agents.length === 0) return []
      const queued = await trx
        .selectFrom('support_states')
        .selectAll()
        .where('app_id', '=', appId)
        .where('status', '=', 'queued')
        .orderBy('queued_at')
        .orderBy(this.store.byteOrder('conversation_id'))
        .limit(limit)
        .$if(this.postgres, (q) => q.forUpdate().skipLocked())
        .execute()
      const assignments: Assignment[] = []
      for (const row of queued) {
        for (const agent of rankAgents(agents, row.team)) {
          if (!(await this.claimAgent(trx, appId, agent.userId, now))) {
            agent.openCount = agent.capacity // full after all (another node took the place)
            continue
          }
          agent.openCount += 1
          agent.lastAssignedAt = now
          await this.setAssignee(trx, appId, row.conversation_id, row.case_id, agent.userId, now)
          assignments.push({ conversationId: row.conversation_id, agentId: agent.userId, previousAssigneeId: null, state: await this.readState(trx, appId, row.conversation_id) })
          break
        }
        if (!agents.some((agent) => agent.openCount < agent.capacity)) break
      }
      return assignments
    })
  }

  private async setAssignee(trx: Trx, appId: string, conversationId: string, caseId: string | null, agentId: string, now: number): Promise<void> {
    await trx
      .updateTable('support_states')
      .set({ status: 'assigned', assignee_id: agentId, assigned_at: now, snoozed_until: null, updated_at: now })
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .execute()
    if (caseId !== null) await trx.updateTable('support_cases').set({ assignee_id: agentId }).where('app_id', '=', appId).where('id', '=', caseId).execute()
  }

  async assignTo(appId: string, conversationId: string, agentId: string, now: number, options: { caseId: string; customerId: string | null; takeOver?: boolean }): Promise<Assignment> {
    await this.ensureState(appId, conversationId, options.customerId, now)
    return this.store.transaction(async (trx) => {
      const current = (await this.lockState(trx, appId, conversationId))!
      if (current.status === 'assigned' && current.assigneeId === agentId) return { conversationId, agentId, previousAssigneeId: agentId, state: current }
      if (options.takeOver && current.status === 'assigned') throw new WarblerError('conflict', 'Another agent is handling this conversation.')
      if (!(await this.claimAgent(trx, appId, agentId, now))) throw new WarblerError('conflict', `${agentId} is not an agent or has no free capacity.`)
      const previous = current.status === 'assigned' ? current.assigneeId : null
      await this.releaseAgent(trx, appId, previous)
      let caseId = current.caseId
      if (!OPEN.includes(current.status)) {
        caseId = options.caseId
        await trx
          .updateTable('support_states')
          .set({ ...freshCase(caseId, now), reason: 'other', summary: null, team: null })
          .where('app_id', '=', appId)
          .where('conversation_id', '=', conversationId)
          .execute()
        await trx
          .insertInto('support_cases')
          .values({ app_id: appId, id: caseId, conversation_id: conversationId, reason: 'other', team: null, priority: current.priority, assignee_id: null, queued_at: now, first_response_at: null, resolved_at: null })
          .execute()
      }
      await this.setAssignee(trx, appId, conversationId, caseId, agentId, now)
      return { conversationId, agentId, previousAssigneeId: previous, state: await this.readState(trx, appId, conversationId) }
    })
  }

  /** Runs `change` on the locked state when its status is one of `from`; frees the assignee when it leaves `assigned`. */
  private async transition(
    appId: string,
    conversationId: string,
    from: readonly SupportStatus[],
    change: (trx: Trx, current: SupportStateRecord) => Promise<void>,
  ): Promise<SupportStateRecord | undefined> {
    return this.store.transaction(async (trx) => {
      const current = await this.lockState(trx, appId, conversationId)
      if (!current || !from.includes(current.status)) return undefined
      await change(trx, current)
      const next = await this.readState(trx, appId, conversationId)
      if (current.status === 'assigned' && next.status !== 'assigned') await this.releaseAgent(trx, appId, current.assigneeId)
      return next
    })
  }

  private updateState(trx: Trx, appId: string, conversationId: string) {
    return trx.updateTable('support_states').where('app_id', '=', appId).where('conversation_id', '=', conversationId)
  }

  async requeue(appId: string, conversationId: string, now: number, team?: string | null): Promise<SupportStateRecord | undefined> {
    return this.transition(appId, conversationId, OPEN, async (trx, current) => {
      await this.updateState(trx, appId, conversationId)
        .set({ status: 'queued', assignee_id: null, assigned_at: null, snoozed_until: null, updated_at: now, ...(team === undefined ? {} : { team }), ...(current.queuedAt === null ? { queued_at: now } : {}) })
        .execute()
      if (team !== undefined && current.caseId !== null) await trx.updateTable('support_cases').set({ team }).where('app_id', '=', appId).where('id', '=', current.caseId).execute()
    })
  }

  async resolve(appId: string, conversationId: string, now: number): Promise<SupportStateRecord | undefined> {
    return this.transition(appId, conversationId, OPEN, async (trx, current) => {
      await this.updateState(trx, appId, conversationId).set({ status: 'resolved', resolved_at: now, snoozed_until: null, updated_at: now }).execute()
      if (current.caseId !== null) await trx.updateTable('support_cases').set({ resolved_at: now }).where('app_id', '=', appId).where('id', '=', current.caseId).execute()
    })
  }

  async snooze(appId: string, conversationId: string, until: number, now: number): Promise<SupportStateRecord | undefined> {
    return this.transition(appId, conversationId, OPEN, async (trx) => {
      await this.updateState(trx, appId, conversationId).set({ status: 'snoozed', assignee_id: null, snoozed_until: until, updated_at: now }).execute()
    })
  }

  async returnToBot(appId: string, conversationId: string, now: number): Promise<SupportStateRecord | undefined> {
    return this.transition(appId, conversationId, ['queued', 'assigned', 'snoozed', 'resolved'], async (trx, current) => {
      await this.updateState(trx, appId, conversationId).set({ status: 'bot', assignee_id: null, snoozed_until: null, updated_at: now, ...(current.status === 'resolved' ? {} : { resolved_at: now }) }).execute()
      if (current.status !== 'resolved' && current.caseId !== null) {
        await trx.updateTable('support_cases').set({ resolved_at: now }).where('app_id', '=', appId).where('id', '=', current.caseId).execute()
      }
    })
  }

  async setPriority(appId: string, conversationId: string, priority: SupportPriority, now: number): Promise<SupportStateRecord | undefined> {
    return this.transition(appId, conversationId, ['bot', ...OPEN, 'resolved'], async (trx, current) => {
      await this.updateState(trx, appId, conversationId).set({ priority, updated_at: now }).execute()
      if (current.caseId !== null) await trx.updateTable('support_cases').set({ priority }).where('app_id', '=', appId).where('id', '=', current.caseId).execute()
    })
  }

  async recordFirstResponse(appId: string, conversationId: string, agentId: string, now: number): Promise<SupportStateRecord | undefined> {
    return this.store.transaction(async (trx) => {
      const result = await this.updateState(trx, appId, conversationId)
        .set({ first_response_at: now, updated_at: now })
        .where('status', '=', 'assigned')
        .where('assignee_id', '=', agentId)
        .where('first_response_at', 'is', null)
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) return undefined
      const state = await this.readState(trx, appId, conversationId)
      if (state.caseId !== null) await trx.updateTable('support_cases').set({ first_response_at: now }).where('app_id', '=', appId).where('id', '=', state.caseId).execute()
      return state
    })
  }

  async reopenDue(now: number, limit = 100): Promise<SupportStateRecord[]> {
    const due = await this.store.db.selectFrom('support_states').select(['app_id', 'conversation_id']).where('status', '=', 'snoozed').where('snoozed_until', '<=', now).limit(limit).execute()
    const reopened: SupportStateRecord[] = []
    for (const row of due) {
      const result = await this.store.db
        .updateTable('support_states')
        .set({ status: 'queued', snoozed_until: null, updated_at: now })
        .where('app_id', '=', row.app_id)
        .where('conversation_id', '=', row.conversation_id)
        .where('status', '=', 'snoozed')
        .where('snoozed_until', '<=', now)
        .executeTakeFirst()
      if (result.numUpdatedRows > 0n) {
        const state = await this.getState(row.app_id, row.conversation_id)
        if (state) reopened.push(state)
      }
    }
    return reopened
  }

  async appsWithQueued(limit = 1000): Promise<string[]> {
    const rows = await this.store.db.selectFrom('support_states').select('app_id').distinct().where('status', '=', 'queued').limit(limit).execute()
    return rows.map((row) => row.app_id)
  }

  async openForSla(limit = 1000): Promise<SupportStateRecord[]> {
    const rows = await this.store.db
      .selectFrom('support_states')
      .selectAll()
      .where('status', 'in', ['queued', 'assigned'])
      .where((eb) => eb.or([eb('first_response_breached', '=', false), eb('resolution_breached', '=', false)]))
      .orderBy('queued_at')
      .limit(limit)
      .execute()
    return rows.map(toSupportState)
  }

  async markBreached(appId: string, conversationId: string, target: 'first_response' | 'resolution'): Promise<boolean> {
    const column = target === 'first_response' ? 'first_response_breached' : 'resolution_breached'
    const result = await this.store.db
      .updateTable('support_states')
      .set({ [column]: true })
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where(column, '=', false)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async listStates(appId: string, filter: SupportListFilter): Promise<SupportStateRecord[]> {
    const ascending = filter.status === 'queued'
    const key = ascending ? 'queued_at' : 'updated_at'
    const after = filter.after === undefined ? undefined : await this.getState(appId, filter.after)
    const rows = await this.store.db
      .selectFrom('support_states')
      .selectAll()
      .where('app_id', '=', appId)
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.assigneeId !== undefined, (q) => q.where('assignee_id', '=', filter.assigneeId!))
      .$if(filter.team !== undefined, (q) => q.where('team', '=', filter.team!))
      .$if(after !== undefined, (q) => {
        const value = (ascending ? after!.queuedAt : after!.updatedAt) ?? 0
        return q.where((eb) =>
          eb.or([eb(key, ascending ? '>' : '<', value), eb.and([eb(key, '=', value), eb(sql`${sql.ref('conversation_id')}`, '>', after!.conversationId)])]),
        )
      })
      .orderBy(key, ascending ? 'asc' : 'desc')
      .orderBy(this.store.byteOrder('conversation_id'))
      .limit(filter.limit)
      .execute()
    return rows.map(toSupportState)
  }

  async counts(appId: string, assigneeId?: string) {
    const rows = await this.store.db
      .selectFrom('support_states')
      .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
      .where('app_id', '=', appId)
      .groupBy('status')
      .execute()
    const of = (status: SupportStatus) => Number(rows.find((row) => row.status === status)?.count ?? 0)
    let mine = 0
    if (assigneeId !== undefined) {
      const row = await this.store.db
        .selectFrom('support_states')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('app_id', '=', appId)
        .where('assignee_id', '=', assigneeId)
        .where('status', '=', 'assigned')
        .executeTakeFirst()
      mine = Number(row?.count ?? 0)
    }
    return { queued: of('queued'), assigned: of('assigned'), snoozed: of('snoozed'), resolved: of('resolved'), mine }
  }

  // ---- notes, canned replies, CSAT, cases, settings ----

  async addNote(note: NoteRecord): Promise<void> {
    await this.store.db
      .insertInto('support_notes')
      .values({ app_id: note.appId, id: note.id, conversation_id: note.conversationId, author_id: note.authorId, text: note.text, created_at: note.createdAt })
      .execute()
  }

  async listNotes(appId: string, conversationId: string): Promise<NoteRecord[]> {
    const rows = await this.store.db
      .selectFrom('support_notes')
      .selectAll()
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy(this.store.byteOrder('id'))
      .execute()
    return rows.map(toNote)
  }

  async createCannedReply(record: CannedReplyRecord): Promise<void> {
    try {
      await this.store.db
        .insertInto('support_canned_replies')
        .values({ app_id: record.appId, id: record.id, shortcut: record.shortcut, text: record.text, created_at: record.createdAt, updated_at: record.updatedAt })
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', `The shortcut /${record.shortcut} is taken.`)
      throw error
    }
  }

  async listCannedReplies(appId: string): Promise<CannedReplyRecord[]> {
    const rows = await this.store.db.selectFrom('support_canned_replies').selectAll().where('app_id', '=', appId).orderBy(this.store.byteOrder('shortcut')).execute()
    return rows.map(toCannedReply)
  }

  async updateCannedReply(appId: string, id: string, patch: { shortcut?: string; text?: string; updatedAt: number }): Promise<CannedReplyRecord | undefined> {
    try {
      await this.store.db
        .updateTable('support_canned_replies')
        .set({ ...(patch.shortcut === undefined ? {} : { shortcut: patch.shortcut }), ...(patch.text === undefined ? {} : { text: patch.text }), updated_at: patch.updatedAt })
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', `The shortcut /${patch.shortcut} is taken.`)
      throw error
    }
    const row = await this.store.db.selectFrom('support_canned_replies').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return row && toCannedReply(row)
  }

  async deleteCannedReply(appId: string, id: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('support_canned_replies').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async addCsat(record: CsatRecord): Promise<void> {
    try {
      await this.store.db
        .insertInto('support_csat')
        .values({
          app_id: record.appId, case_id: record.caseId, conversation_id: record.conversationId, user_id: record.userId, rating: record.rating,
          comment: record.comment, assignee_id: record.assigneeId, team: record.team, resolved_at: record.resolvedAt, created_at: record.createdAt,
        })
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'This resolution was rated already.')
      throw error
    }
  }

  async listCsat(appId: string, range: { from: number; to: number }): Promise<CsatRecord[]> {
    const rows = await this.store.db
      .selectFrom('support_csat')
      .selectAll()
      .where('app_id', '=', appId)
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to)
      .orderBy('created_at')
      .execute()
    return rows.map(toCsat)
  }

  async listCases(appId: string, range: { from: number; to: number }): Promise<CaseRecord[]> {
    const rows = await this.store.db
      .selectFrom('support_cases')
      .selectAll()
      .where('app_id', '=', appId)
      .where('queued_at', '>=', range.from)
      .where('queued_at', '<', range.to)
      .orderBy('queued_at')
      .execute()
    return rows.map(toCase)
  }

  async countStatesCreated(appId: string, range: { from: number; to: number }): Promise<number> {
    const row = await this.store.db
      .selectFrom('support_states')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('app_id', '=', appId)
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to)
      .executeTakeFirst()
    return Number(row?.count ?? 0)
  }

  async getSettings(appId: string): Promise<unknown> {
    const row = await this.store.db.selectFrom('support_settings').select('settings').where('app_id', '=', appId).executeTakeFirst()
    return row && (JSON.parse(row.settings) as unknown)
  }

  async putSettings(appId: string, settings: unknown, now: number): Promise<void> {
    const text = JSON.stringify(settings)
    await this.store.db
      .insertInto('support_settings')
      .values({ app_id: appId, settings: text, updated_at: now })
      .onConflict((conflict) => conflict.column('app_id').doUpdateSet({ settings: text, updated_at: now }))
      .execute()
  }
}
