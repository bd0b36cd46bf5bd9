import { createHash } from 'node:crypto'
import type { DoNotDisturb } from '@warbler/protocol'
import type { Selectable } from 'kysely'
import type { Database } from '../kysely/database.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import type {
  NewPushJob,
  PushCredentialRecord,
  PushJobOutcome,
  PushJobQuery,
  PushJobRecord,
  PushPreferencesRecord,
  PushStore,
  PushTargetRecord,
} from '../push-store.js'

const addressKey = (address: string) => createHash('sha256').update(address).digest('base64url')
const flag = (value: boolean | number) => value === true || value === 1

const toTarget = (row: Selectable<Database['push_targets']>): PushTargetRecord => ({
  appId: row.app_id,
  userId: row.user_id,
  deviceId: row.device_id,
  provider: row.provider,
  address: row.address,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

const toJob = (row: Selectable<Database['push_jobs']>): PushJobRecord => ({
  appId: row.app_id,
  id: row.id,
  userId: row.user_id,
  deviceId: row.device_id,
  provider: row.provider,
  conversationId: row.conversation_id,
  seq: Number(row.seq),
  collapsed: Number(row.collapsed),
  payload: row.payload,
  status: row.status,
  attempts: Number(row.attempts),
  nextAttemptAt: Number(row.next_attempt_at),
  lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
  lastError: row.last_error,
  messageAt: Number(row.message_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  sentAt: row.sent_at === null ? null : Number(row.sent_at),
})

const toCredential = (row: Selectable<Database['push_credentials']>): PushCredentialRecord => ({
  appId: row.app_id,
  provider: row.provider,
  sealed: row.sealed,
  publicInfo: JSON.parse(row.public_info) as Record<string, unknown>,
  updatedAt: Number(row.updated_at),
})

const toPreferences = (row: Selectable<Database['push_preferences']>): PushPreferencesRecord => ({
  appId: row.app_id,
  userId: row.user_id,
  enabled: flag(row.enabled),
  doNotDisturb: row.do_not_disturb === null ? null : (JSON.parse(row.do_not_disturb) as DoNotDisturb),
  mentionsOverrideMute: flag(row.mentions_override_mute),
  updatedAt: Number(row.updated_at),
})

/**
 * The push store, written once for both engines. On PostgreSQL `claimDue` locks the due rows
 * `FOR UPDATE SKIP LOCKED`, so the dispatchers of several nodes never take the same job; on SQLite
 * the one writer's transaction keeps two polls apart.
 */
export class SqlPushStore implements PushStore {
  constructor(private readonly store: StoreDatabase) {}

  async putTarget(record: PushTargetRecord): Promise<void> {
    const key = addressKey(record.address)
    await this.store.transaction(async (trx) => {
      // The same token under another user or device: the device changed hands, the old owner loses it.
      await trx
        .deleteFrom('push_targets')
        .where('app_id', '=', record.appId)
        .where('address_key', '=', key)
        .where((eb) => eb.or([eb('user_id', '<>', record.userId), eb('device_id', '<>', record.deviceId)]))
        .execute()
      await trx
        .insertInto('push_targets')
        .values({
          app_id: record.appId,
          user_id: record.userId,
          device_id: record.deviceId,
          provider: record.provider,
          address: record.address,
          address_key: key,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.columns(['app_id', 'user_id', 'device_id']).doUpdateSet({ provider: record.provider, address: record.address, address_key: key, updated_at: record.updatedAt }),
        )
        .execute()
    })
  }

  async deleteTarget(appId: string, userId: string, deviceId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('push_targets').where('app_id', '=', appId).where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async deleteTargetsOfUser(appId: string, userId: string): Promise<number> {
    const result = await this.store.db.deleteFrom('push_targets').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async pruneTarget(appId: string, userId: string, deviceId: string, address: string): Promise<boolean> {
    const result = await this.store.db
      .deleteFrom('push_targets')
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('device_id', '=', deviceId)
      .where('address_key', '=', addressKey(address))
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async listTargets(appId: string, userId: string): Promise<PushTargetRecord[]> {
    const rows = await this.store.db.selectFrom('push_targets').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).orderBy(this.store.byteOrder('device_id')).execute()
    return rows.map(toTarget)
  }

  async appHasTargets(appId: string): Promise<boolean> {
    return (await this.store.db.selectFrom('push_targets').select('user_id').where('app_id', '=', appId).limit(1).executeTakeFirst()) !== undefined
  }

  async targetsOfUsers(appId: string, userIds: readonly string[]): Promise<PushTargetRecord[]> {
    if (userIds.length === 0) return []
    const rows = await this.store.db.selectFrom('push_targets').selectAll().where('app_id', '=', appId).where('user_id', 'in', [...userIds]).execute()
    return rows.map(toTarget)
  }

  async enqueue(jobs: readonly NewPushJob[]): Promise<number> {
    if (jobs.length === 0) return 0
    return this.store.transaction(async (trx) => {
      let added = 0
      for (const job of jobs) {
        const joined = await trx
          .updateTable('push_jobs')
          .set((eb) => ({ seq: job.seq, payload: job.payload, message_at: job.messageAt, collapsed: eb('collapsed', '+', 1), updated_at: job.createdAt }))
          .where('app_id', '=', job.appId)
          .where('user_id', '=', job.userId)
          .where('device_id', '=', job.deviceId)
          .where('conversation_id', '=', job.conversationId)
          .where('status', '=', 'pending')
          .where('attempts', '=', 0)
          .where('seq', '<', job.seq)
          .executeTakeFirst()
        if (Number(joined.numUpdatedRows) > 0) continue
        const inserted = await trx
          .insertInto('push_jobs')
          .values({
            app_id: job.appId,
            id: job.id,
            user_id: job.userId,
            device_id: job.deviceId,
            provider: job.provider,
            conversation_id: job.conversationId,
            seq: job.seq,
            payload: job.payload,
            status: 'pending',
            next_attempt_at: job.nextAttemptAt,
            last_status_code: null,
            last_error: null,
            message_at: job.messageAt,
            created_at: job.createdAt,
            updated_at: job.createdAt,
            sent_at: null,
          })
          .onConflict((conflict) => conflict.columns(['app_id', 'user_id', 'device_id', 'conversation_id', 'seq']).doNothing())
          .executeTakeFirst()
        added += Number(inserted.numInsertedOrUpdatedRows ?? 0)
      }
      return added
    })
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<PushJobRecord[]> {
    return this.store.transaction(async (trx) => {
      const rows = await trx
        .selectFrom('push_jobs')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .$if(this.store.engine === 'postgres', (query) => query.forUpdate().skipLocked())
        .execute()
      for (const row of rows) {
        await trx.updateTable('push_jobs').set({ next_attempt_at: now + leaseMs }).where('app_id', '=', row.app_id).where('id', '=', row.id).execute()
      }
      return rows.map(toJob)
    })
  }

  async recordOutcome(appId: string, jobId: string, outcome: PushJobOutcome): Promise<void> {
    await this.store.db
      .updateTable('push_jobs')
      .set({
        status: outcome.status,
        attempts: outcome.attempts,
        next_attempt_at: outcome.nextAttemptAt,
        last_status_code: outcome.lastStatusCode,
        last_error: outcome.lastError,
        updated_at: outcome.updatedAt,
        sent_at: outcome.sentAt,
      })
      .where('app_id', '=', appId)
      .where('id', '=', jobId)
      .execute()
  }

  async listJobs(appId: string, query: PushJobQuery): Promise<PushJobRecord[]> {
    const rows = await this.store.db
      .selectFrom('push_jobs')
      .selectAll()
      .where('app_id', '=', appId)
      .$if(query.userId !== undefined, (q) => q.where('user_id', '=', query.userId!))
      .$if(query.status !== undefined, (q) => q.where('status', '=', query.status!))
      .$if(query.beforeCreatedAt !== undefined && query.beforeId === undefined, (q) => q.where('created_at', '<', query.beforeCreatedAt!))
      .$if(query.beforeCreatedAt !== undefined && query.beforeId !== undefined, (q) =>
        q.where((eb) => eb.or([eb('created_at', '<', query.beforeCreatedAt!), eb.and([eb('created_at', '=', query.beforeCreatedAt!), eb(this.store.byteOrder('id'), '<', query.beforeId!)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy(this.store.byteOrder('id'), 'desc')
      .limit(query.limit)
      .execute()
    return rows.map(toJob)
  }

  async deleteFinishedBefore(before: number, limit: number): Promise<number> {
    const ids = await this.store.db.selectFrom('push_jobs').select(['app_id', 'id']).where('status', '<>', 'pending').where('created_at', '<', before).limit(limit).execute()
    let removed = 0
    for (const { app_id, id } of ids) {
      const result = await this.store.db.deleteFrom('push_jobs').where('app_id', '=', app_id).where('id', '=', id).executeTakeFirst()
      removed += Number(result.numDeletedRows)
    }
    return removed
  }

  async deleteJobsOfUser(appId: string, userId: string): Promise<number> {
    const result = await this.store.db.deleteFrom('push_jobs').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async putCredential(record: PushCredentialRecord): Promise<void> {
    const values = { app_id: record.appId, provider: record.provider, sealed: record.sealed, public_info: JSON.stringify(record.publicInfo), updated_at: record.updatedAt }
    await this.store.db
      .insertInto('push_credentials')
      .values(values)
      .onConflict((conflict) => conflict.columns(['app_id', 'provider']).doUpdateSet({ sealed: values.sealed, public_info: values.public_info, updated_at: values.updated_at }))
      .execute()
  }

  async putCredentialIfAbsent(record: PushCredentialRecord): Promise<PushCredentialRecord> {
    await this.store.db
      .insertInto('push_credentials')
      .values({ app_id: record.appId, provider: record.provider, sealed: record.sealed, public_info: JSON.stringify(record.publicInfo), updated_at: record.updatedAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'provider']).doNothing())
      .execute()
    return (await this.getCredential(record.appId, record.provider))!
  }

  async getCredential(appId: string, provider: PushCredentialRecord['provider']): Promise<PushCredentialRecord | undefined> {
    const row = await this.store.db.selectFrom('push_credentials').selectAll().where('app_id', '=', appId).where('provider', '=', provider).executeTakeFirst()
    return row && toCredential(row)
  }

  async listCredentials(appId: string): Promise<PushCredentialRecord[]> {
    const rows = await this.store.db.selectFrom('push_credentials').selectAll().where('app_id', '=', appId).orderBy(this.store.byteOrder('provider')).execute()
    return rows.map(toCredential)
  }

  async deleteCredential(appId: string, provider: PushCredentialRecord['provider']): Promise<boolean> {
    const result = await this.store.db.deleteFrom('push_credentials').where('app_id', '=', appId).where('provider', '=', provider).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async putPreferences(record: PushPreferencesRecord): Promise<void> {
    const values = {
      app_id: record.appId,
      user_id: record.userId,
      enabled: record.enabled,
      do_not_disturb: record.doNotDisturb === null ? null : JSON.stringify(record.doNotDisturb),
      mentions_override_mute: record.mentionsOverrideMute,
      updated_at: record.updatedAt,
    }
    await this.store.db
      .insertInto('push_preferences')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['app_id', 'user_id']).doUpdateSet({ enabled: values.enabled, do_not_disturb: values.do_not_disturb, mentions_override_mute: values.mentions_override_mute, updated_at: values.updated_at }),
      )
      .execute()
  }

  async preferencesOf(appId: string, userIds: readonly string[]): Promise<PushPreferencesRecord[]> {
    if (userIds.length === 0) return []
    const rows = await this.store.db.selectFrom('push_preferences').selectAll().where('app_id', '=', appId).where('user_id', 'in', [...userIds]).execute()
    return rows.map(toPreferences)
  }

  async deletePreferences(appId: string, userId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('push_preferences').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
