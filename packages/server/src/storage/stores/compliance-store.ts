import type {
  AuditChainRecord,
  AuditPersonalRecord,
  ChainSealer,
  ComplianceStore,
  ErasureRecord,
  ExportJobRecord,
  LegalHoldRecord,
  RetentionPolicyRecord,
} from '../compliance-store.js'
import type { ComplianceTables } from '../kysely/tables/compliance-tables.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'

type ChainRow = ComplianceTables['audit_chain']
type PersonalRow = ComplianceTables['audit_personal']
type ExportRow = ComplianceTables['export_jobs']

const toChain = (row: ChainRow): AuditChainRecord => ({
  seq: Number(row.seq),
  ts: Number(row.ts),
  actorType: row.actor_type,
  action: row.action,
  appId: row.app_id,
  status: row.status,
  personalMac: row.personal_mac,
  prevMac: row.prev_mac,
  mac: row.mac,
})

const toPersonal = (row: PersonalRow): AuditPersonalRecord => ({
  seq: Number(row.seq),
  appId: row.app_id,
  subjectUserId: row.subject_user_id,
  actorId: row.actor_id,
  target: row.target,
  ip: row.ip,
  userAgent: row.user_agent,
  details: fromJsonColumn<Record<string, unknown>>(row.details) ?? null,
})

const toExport = (row: ExportRow): ExportJobRecord => ({
  appId: row.app_id,
  id: row.id,
  userId: row.user_id,
  status: row.status,
  tokenHash: row.token_hash,
  path: row.path,
  error: row.error,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
})

/** The `settings` key the chain head is mirrored under. */
const CHAIN_HEAD_KEY = 'audit.chain.head'

/** A chain append that lost the race for its seq this many times in a row gives up. */
const APPEND_ATTEMPTS = 20

/** Compliance tables (migration 009) on either engine. */
export class SqlComplianceStore implements ComplianceStore {
  constructor(private readonly store: StoreDatabase) {}

  async appendChained(seal: ChainSealer): Promise<AuditChainRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(async (trx) => {
          const headRow = await trx.selectFrom('audit_chain').select(['seq', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
          const { entry, personal } = seal(headRow ? { seq: Number(headRow.seq), mac: headRow.mac } : undefined)
          await trx
            .insertInto('audit_chain')
            .values({
              seq: entry.seq,
              ts: entry.ts,
              actor_type: entry.actorType,
              action: entry.action,
              app_id: entry.appId,
              status: entry.status,
              personal_mac: entry.personalMac,
              prev_mac: entry.prevMac,
              mac: entry.mac,
            })
            .execute()
          if (personal) {
            await trx
              .insertInto('audit_personal')
              .values({
                seq: personal.seq,
                app_id: personal.appId,
                subject_user_id: personal.subjectUserId,
                actor_id: personal.actorId,
                target: personal.target,
                ip: personal.ip,
                user_agent: personal.userAgent,
                details: toJsonColumn(personal.details ?? undefined),
              })
              .execute()
          }
          // The head is also kept apart, so removing the newest rows shows as a chain shorter than its head.
          const head = JSON.stringify({ seq: entry.seq, mac: entry.mac })
          await trx.insertInto('settings').values({ key: CHAIN_HEAD_KEY, value: head }).onConflict((conflict) => conflict.column('key').doUpdateSet({ value: head })).execute()
          return entry
        })
      } catch (error) {
        // Another node appended the same seq first (PostgreSQL): read the new head and seal again.
        if (!this.store.isUniqueViolation(error) || attempt >= APPEND_ATTEMPTS) throw error
      }
    }
  }

  async chainHead(): Promise<AuditChainRecord | undefined> {
    const row = await this.store.db.selectFrom('audit_chain').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
    return row ? toChain(row) : undefined
  }

  async chainHeadMark(): Promise<{ seq: number; mac: string } | undefined> {
    const row = await this.store.db.selectFrom('settings').select('value').where('key', '=', CHAIN_HEAD_KEY).executeTakeFirst()
    return row ? fromJsonColumn<{ seq: number; mac: string }>(row.value) : undefined
  }

  async chainPage(afterSeq: number, limit: number): Promise<AuditChainRecord[]> {
    const rows = await this.store.db.selectFrom('audit_chain').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
    return rows.map(toChain)
  }

  async personalOf(seqs: readonly number[]): Promise<Map<number, AuditPersonalRecord>> {
    if (seqs.length === 0) return new Map()
    const rows = await this.store.db.selectFrom('audit_personal').selectAll().where('seq', 'in', [...seqs]).execute()
    return new Map(rows.map((row) => [Number(row.seq), toPersonal(row)]))
  }

  async erasePersonal(appId: string, userId: string): Promise<number> {
    const result = await this.store.db.deleteFrom('audit_personal').where('app_id', '=', appId).where('subject_user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async getErasure(appId: string, userId: string): Promise<ErasureRecord | undefined> {
    const row = await this.store.db.selectFrom('erasures').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    if (!row) return undefined
    return { appId: row.app_id, userId: row.user_id, pseudonym: row.pseudonym, receipt: fromJsonColumn<Record<string, unknown>>(row.receipt) ?? {}, erasedAt: Number(row.erased_at) }
  }

  async putErasure(record: ErasureRecord): Promise<void> {
    await this.store.db
      .insertInto('erasures')
      .values({ app_id: record.appId, user_id: record.userId, pseudonym: record.pseudonym, receipt: JSON.stringify(record.receipt), erased_at: record.erasedAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'user_id']).doNothing())
      .execute()
  }

  async createExport(record: ExportJobRecord): Promise<void> {
    await this.store.db
      .insertInto('export_jobs')
      .values({
        app_id: record.appId,
        id: record.id,
        user_id: record.userId,
        status: record.status,
        token_hash: record.tokenHash,
        path: record.path,
        error: record.error,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        expires_at: record.expiresAt,
      })
      .execute()
  }

  async getExport(appId: string, id: string): Promise<ExportJobRecord | undefined> {
    const row = await this.store.db.selectFrom('export_jobs').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return row ? toExport(row) : undefined
  }

  async updateExport(appId: string, id: string, patch: Partial<Pick<ExportJobRecord, 'status' | 'tokenHash' | 'path' | 'error' | 'updatedAt' | 'expiresAt'>>): Promise<void> {
    const values: Partial<ExportRow> = {}
    if (patch.status !== undefined) values.status = patch.status
    if (patch.tokenHash !== undefined) values.token_hash = patch.tokenHash
    if (patch.path !== undefined) values.path = patch.path
    if (patch.error !== undefined) values.error = patch.error
    if (patch.updatedAt !== undefined) values.updated_at = patch.updatedAt
    if (patch.expiresAt !== undefined) values.expires_at = patch.expiresAt
    if (Object.keys(values).length === 0) return
    await this.store.db.updateTable('export_jobs').set(values).where('app_id', '=', appId).where('id', '=', id).execute()
  }

  async pendingExports(limit: number): Promise<ExportJobRecord[]> {
    const rows = await this.store.db.selectFrom('export_jobs').selectAll().where('status', 'in', ['queued', 'running']).orderBy('created_at').limit(limit).execute()
    return rows.map(toExport)
  }

  async expiredExports(now: number, limit: number): Promise<ExportJobRecord[]> {
    const rows = await this.store.db.selectFrom('export_jobs').selectAll().where('status', '=', 'ready').where('expires_at', '<=', now).limit(limit).execute()
    return rows.map(toExport)
  }

  async putHold(record: LegalHoldRecord): Promise<void> {
    await this.store.db
      .insertInto('legal_holds')
      .values({ app_id: record.appId, kind: record.kind, target_id: record.targetId, reason: record.reason, created_at: record.createdAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'kind', 'target_id']).doUpdateSet({ reason: record.reason }))
      .execute()
  }

  async deleteHold(appId: string, kind: LegalHoldRecord['kind'], targetId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('legal_holds').where('app_id', '=', appId).where('kind', '=', kind).where('target_id', '=', targetId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async listHolds(appId: string): Promise<LegalHoldRecord[]> {
    const rows = await this.store.db.selectFrom('legal_holds').selectAll().where('app_id', '=', appId).orderBy('created_at').execute()
    return rows.map((row) => ({ appId: row.app_id, kind: row.kind, targetId: row.target_id, reason: row.reason, createdAt: Number(row.created_at) }))
  }

  async putPolicy(record: RetentionPolicyRecord): Promise<void> {
    const values = { messages_days: record.messagesDays, files_days: record.filesDays, updated_at: record.updatedAt }
    await this.store.db
      .insertInto('retention_policies')
      .values({ app_id: record.appId, conversation_id: record.conversationId ?? '', ...values })
      .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id']).doUpdateSet(values))
      .execute()
  }

  async listPolicies(): Promise<RetentionPolicyRecord[]> {
    const rows = await this.store.db.selectFrom('retention_policies').selectAll().orderBy('app_id').orderBy('conversation_id').execute()
    return rows.map(toPolicy)
  }

  async getPolicy(appId: string, conversationId: string | null): Promise<RetentionPolicyRecord | undefined> {
    const row = await this.store.db
      .selectFrom('retention_policies')
      .selectAll()
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId ?? '')
      .executeTakeFirst()
    return row ? toPolicy(row) : undefined
  }

  async acquireLease(name: string, holder: string, now: number, until: number): Promise<boolean> {
    // One statement on both engines: insert, or take over a lease that is ours or has run out.
    const result = await this.store.db
      .insertInto('compliance_leases')
      .values({ name, holder, expires_at: until })
      .onConflict((conflict) =>
        conflict
          .column('name')
          .doUpdateSet({ holder, expires_at: until })
          .where((eb) => eb.or([eb('compliance_leases.holder', '=', holder), eb('compliance_leases.expires_at', '<=', now)])),
      )
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.store.db.deleteFrom('compliance_leases').where('name', '=', name).where('holder', '=', holder).execute()
  }
}

const toPolicy = (row: ComplianceTables['retention_policies']): RetentionPolicyRecord => ({
  appId: row.app_id,
  conversationId: row.conversation_id === '' ? null : row.conversation_id,
  messagesDays: row.messages_days,
  filesDays: row.files_days,
  updatedAt: Number(row.updated_at),
})
