import { MIGRATIONS, type Migration } from '../migrations/index.js'
import type { Storage } from '../storage.js'
import { postgresConversationDialect } from './postgres-conversation-dialect.js'
import { SqlConversationStore } from '../stores/conversation-store.js'
import { openPgPool, type PgConnectionOptions, type PgPool } from './postgres-driver.js'
import { APPEND_LANES, PostgresEventStore } from './postgres-event-store.js'
import { PgAppendThread, type PgAppendMode } from './pg-append-thread.js'
import { migratePostgres } from './postgres-migrator.js'
import { postgresKysely } from '../kysely/postgres-kysely.js'
import { postgresStoreDatabase } from '../kysely/store-database.js'
import { SqlAppStore } from '../stores/app-store.js'
import { SqlBotStore } from '../stores/bot-store.js'
import { SqlSupportStore } from '../stores/support-store.js'
import { SqlPushStore } from '../stores/push-store.js'
import { SqlToolStore } from '../stores/tool-store.js'
import { SqlComplianceStore } from '../stores/compliance-store.js'
import { SqlAppPurgeStore } from '../stores/app-purge-store.js'
import { SqlEvaluationStore } from '../stores/evaluation-store.js'
import { SqlKnowledgeSourceStore } from '../stores/knowledge-source-store.js'
import { SqlAppKeyStore } from '../stores/app-key-store.js'
import { SqlConsoleStore } from '../stores/console-store.js'
import { SqlFileStore } from '../stores/file-store.js'
import { SqlSettingStore } from '../stores/setting-store.js'
import { SqlSocialStore } from '../stores/social-store.js'
import { SqlUserStore } from '../stores/user-store.js'
import { SqlWebhookStore } from '../stores/webhook-store.js'

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions extends PgConnectionOptions {
  /** The migrations `migrate()` applies; default every server migration. */
  migrations?: readonly Migration[]
  /** Where plain messages are sealed and appended: `auto` (default, `WARBLER_PG_APPEND`): a thread of their own from 2 CPUs; `inline`: the event loop. */
  appendThread?: PgAppendMode
}

/**
 * The storage for a cluster: every node opens its own pool on one PostgreSQL database.
 *
 * @example
 * ```ts
 * const storage = await PostgresStorage.open({ url: 'postgres://warbler@db:5432/warbler?pool_size=20' })
 * await storage.migrate()
 * ```
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const
  readonly apps: SqlAppStore
  readonly users: SqlUserStore
  readonly conversations: SqlConversationStore
  readonly events: PostgresEventStore
  readonly settings: SqlSettingStore
  readonly webhooks: SqlWebhookStore
  readonly files: SqlFileStore
  readonly social: SqlSocialStore
  readonly console: SqlConsoleStore
  readonly bots: SqlBotStore
  readonly support: SqlSupportStore
  readonly push: SqlPushStore
  readonly tools: SqlToolStore
  readonly compliance: SqlComplianceStore
  readonly evaluations: SqlEvaluationStore
  readonly knowledgeSources: SqlKnowledgeSourceStore
  readonly appKeys: SqlAppKeyStore
  readonly appPurge: SqlAppPurgeStore
  private closed = false

  private constructor(
    /** The node's connection pool (for tools such as `warbler migrate-data`). */
    readonly pool: PgPool,
    /** The schema every table lives in. */
    readonly schema: string,
    private readonly migrations: readonly Migration[],
    appendThread?: PgAppendThread,
  ) {
    // Kysely shares the pool: it never ends it (close() does, after the event batches are flushed).
    const store = postgresStoreDatabase(postgresKysely(pool))
    this.apps = new SqlAppStore(store)
    this.users = new SqlUserStore(store)
    this.conversations = new SqlConversationStore(store, postgresConversationDialect)
    this.events = new PostgresEventStore(pool, appendThread)
    this.settings = new SqlSettingStore(store)
    this.webhooks = new SqlWebhookStore(store)
    this.files = new SqlFileStore(store)
    this.social = new SqlSocialStore(store)
    this.console = new SqlConsoleStore(store)
    this.bots = new SqlBotStore(store)
    this.support = new SqlSupportStore(store)
    this.push = new SqlPushStore(store)
    this.tools = new SqlToolStore(store)
    this.compliance = new SqlComplianceStore(store)
    this.evaluations = new SqlEvaluationStore(store)
    this.knowledgeSources = new SqlKnowledgeSourceStore(store)
    this.appKeys = new SqlAppKeyStore(store)
    this.appPurge = new SqlAppPurgeStore(store)
  }

  /** Connects (lazily loading `pg`) and creates the schema when it is missing. */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { pool, schema } = await openPgPool(options)
    // The append thread's own pool: one connection per lane of the event store.
    const appendThread = PgAppendThread.start({ url: options.url, schema, poolSize: APPEND_LANES }, options.appendThread)
    return new PostgresStorage(pool, schema, options.migrations ?? MIGRATIONS, appendThread)
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool, this.migrations)
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.events.close()
    await this.pool.end()
  }
}
