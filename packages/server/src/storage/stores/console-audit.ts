import { sql, type Expression, type SqlBool } from 'kysely'
import type { AuditActorType, AuditEntry, AuditQuery } from '../console-store.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'

/** `column LIKE '%text%'` with `%`, `_` and `\` in `text` matched literally, on both engines. */
function contains(column: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
  return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`
}

/**
 * Appends a console audit entry. With `chainSeq` (the audit chain entry written with it) the
 * personal columns (actor, target, IP, user agent, details) are left empty: they live in that
 * entry's `audit_personal` row, which erasure deletes, and {@link listAuditEntries} reads them from there.
 */
export async function appendAuditEntry(store: StoreDatabase, e: Omit<AuditEntry, 'id'>): Promise<number> {
  const chained = e.chainSeq !== undefined && e.chainSeq !== null
  const row = await store.db
    .insertInto('audit_log')
    .values({
      ts: e.ts,
      actor_type: e.actorType,
      actor_id: chained ? null : e.actorId,
      action: e.action,
      app_id: e.appId,
      target: chained ? null : e.target,
      status: e.status,
      ip: chained ? null : e.ip,
      user_agent: chained ? null : e.userAgent,
      details: chained ? null : toJsonColumn(e.details ?? undefined),
      chain_seq: chained ? e.chainSeq! : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/**
 * The console audit log, newest first, with the personal columns of chained entries read from
 * their `audit_personal` row (empty once erasure deleted it). The actor filter looks in both.
 */
export async function listAuditEntries(store: StoreDatabase, query: AuditQuery): Promise<AuditEntry[]> {
  const actorId = sql<string | null>`COALESCE(p.actor_id, a.actor_id)`
  const rows = await store.db
    .selectFrom('audit_log as a')
    .leftJoin('audit_personal as p', 'p.seq', 'a.chain_seq')
    .select([
      'a.id', 'a.ts', 'a.actor_type', 'a.action', 'a.app_id', 'a.status', 'a.chain_seq',
      'a.actor_id', 'a.target', 'a.ip', 'a.user_agent', 'a.details',
      'p.seq as p_seq', 'p.actor_id as p_actor_id', 'p.target as p_target', 'p.ip as p_ip', 'p.user_agent as p_user_agent', 'p.details as p_details',
    ])
    .$if(Boolean(query.actor), (q) => q.where((eb) => eb.or([contains(actorId, query.actor!), eb('a.actor_type', '=', query.actor! as AuditActorType) /* any text may be searched for */])))
    .$if(Boolean(query.action), (q) => q.where(contains(sql.ref('a.action'), query.action!)))
    .$if(Boolean(query.appId), (q) => q.where('a.app_id', '=', query.appId!))
    .$if(query.from !== undefined, (q) => q.where('a.ts', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('a.ts', '<', query.to!))
    .$if(query.beforeId !== undefined, (q) => q.where('a.id', '<', query.beforeId!))
    .orderBy('a.id', 'desc')
    .limit(query.limit)
    .execute()
  return rows.map((row) => {
    const chained = row.chain_seq !== null
    const personal = chained && row.p_seq !== null
    const entry: AuditEntry = {
      id: Number(row.id),
      ts: Number(row.ts),
      actorType: row.actor_type as AuditActorType,
      actorId: chained ? (personal ? row.p_actor_id : null) : row.actor_id,
      action: row.action,
      appId: row.app_id,
      target: chained ? (personal ? row.p_target : null) : row.target,
      status: row.status === null ? null : Number(row.status),
      ip: chained ? (personal ? row.p_ip : null) : row.ip,
      userAgent: chained ? (personal ? row.p_user_agent : null) : row.user_agent,
      details: fromJsonColumn<Record<string, unknown>>(chained ? (personal ? row.p_details : null) : row.details) ?? null,
    }
    if (chained) entry.chainSeq = Number(row.chain_seq)
    return entry
  })
}
