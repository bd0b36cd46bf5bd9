import { MIGRATIONS, type Migration } from '../migrations/index.js'
import type { Storage } from '../storage.js'
import { PostgresAppStore } from './postgres-app-store.js'
import { PostgresBotStore } from './postgres-bot-store.js'
import { PostgresConsoleStore } from './postgres-console-store.js'
import { PostgresConversationStore } from './postgres-conversation-store.js'
import { openPgPool, type PgConnectionOptions, type PgPool } from './postgres-driver.js'
import { PostgresEventStore } from './postgres-event-store.js'
import { PostgresFileStore } from './postgres-file-store.js'
import { migratePostgres } from './postgres-migrator.js'
import { PostgresSettingStore } from './postgres-setting-store.js'
import { PostgresSocialStore } from './postgres-social-store.js'
import { PostgresUserStore } from './postgres-user-store.js'
import { PostgresWebhookStore } from './postgres-webhook-store.js'

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions extends PgConnectionOptions {
  /** The migrations `migrate()` applies; default every server migration. */
  migrations?: readonly Migration[]
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
  readonly apps: PostgresAppStore
  readonly users: PostgresUserStore
  readonly conversations: PostgresConversationStore
  readonly events: PostgresEventStore
  readonly settings: PostgresSettingStore
  readonly webhooks: PostgresWebhookStore
  readonly files: PostgresFileStore
  readonly social: PostgresSocialStore
  readonly console: PostgresConsoleStore
  readonly bots: PostgresBotStore
  private closed = false

  private constructor(
    /** The node's connection pool (for tools such as `warbler migrate-data`). */
    readonly pool: PgPool,
    /** The schema every table lives in. */
    readonly schema: string,
    private readonly migrations: readonly Migration[],
  ) {
    this.apps = new PostgresAppStore(pool)
    this.users = new PostgresUserStore(pool)
    this.conversations = new PostgresConversationStore(pool)
    this.events = new PostgresEventStore(pool)
    this.settings = new PostgresSettingStore(pool)
    this.webhooks = new PostgresWebhookStore(pool)
    this.files = new PostgresFileStore(pool)
    this.social = new PostgresSocialStore(pool)
    this.console = new PostgresConsoleStore(pool)
    this.bots = new PostgresBotStore(pool)
  }

  /** Connects (lazily loading `pg`) and creates the schema when it is missing. */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { pool, schema } = await openPgPool(options)
    return new PostgresStorage(pool, schema, options.migrations ?? MIGRATIONS)
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
    await this.events.flush()
    await this.pool.end()
  }
}
