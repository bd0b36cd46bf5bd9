import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS } from '../migrations/index.js'
import type { Storage } from '../storage.js'
import { SqliteAppStore } from './sqlite-app-store.js'
import { SqliteBotStore } from './sqlite-bot-store.js'
import { SqliteConsoleStore } from './sqlite-console-store.js'
import { SqliteConversationStore } from './sqlite-conversation-store.js'
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-driver.js'
import { SqliteEventStore } from './sqlite-event-store.js'
import { SqliteFileStore } from './sqlite-file-store.js'
import { migrateSqlite } from './sqlite-migrator.js'
import { SqliteSettingStore } from './sqlite-setting-store.js'
import { SqliteSocialStore } from './sqlite-social-store.js'
import { SqliteUserStore } from './sqlite-user-store.js'
import { WalSync } from './wal-sync.js'
import { SqliteWebhookStore } from './sqlite-webhook-store.js'

/** Options of {@link SqliteStorage.open}. */
export interface SqliteStorageOptions {
  /** Path of the database file, or `:memory:`. */
  filename: string
  /** `full` (default): acked messages survive power loss. `normal`: they survive a process crash. */
  synchronous?: 'full' | 'normal'
}

/**
 * The embedded storage: one SQLite file in WAL mode.
 *
 * @example
 * ```ts
 * const storage = await SqliteStorage.open({ filename: './data/warbler.db' })
 * await storage.migrate()
 * ```
 */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const
  private stores?: {
    apps: SqliteAppStore
    users: SqliteUserStore
    conversations: SqliteConversationStore
    events: SqliteEventStore
    settings: SqliteSettingStore
    webhooks: SqliteWebhookStore
    files: SqliteFileStore
    social: SqliteSocialStore
    console: SqliteConsoleStore
    bots: SqliteBotStore
  }

  /** Set for file databases with `synchronous: 'full'`: event appends fsync the WAL off the main thread. */
  private readonly walSync?: WalSync

  private constructor(
    readonly db: SqliteDatabase,
    options: SqliteStorageOptions,
  ) {
    if (options.filename !== ':memory:' && options.synchronous !== 'normal') this.walSync = new WalSync(`${options.filename}-wal`)
  }

  /** Opens (creating when missing) the database file. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
    const db = await openSqliteDatabase(options.filename, options.synchronous ? { synchronous: options.synchronous } : {})
    return new SqliteStorage(db, options)
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.db, MIGRATIONS)
    this.stores = {
      apps: new SqliteAppStore(this.db),
      users: new SqliteUserStore(this.db),
      conversations: new SqliteConversationStore(this.db),
      events: new SqliteEventStore(this.db, this.walSync),
      settings: new SqliteSettingStore(this.db),
      webhooks: new SqliteWebhookStore(this.db),
      files: new SqliteFileStore(this.db),
      social: new SqliteSocialStore(this.db),
      console: new SqliteConsoleStore(this.db),
      bots: new SqliteBotStore(this.db),
    }
  }

  private get ready() {
    if (!this.stores) throw new Error('SqliteStorage: call migrate() before use')
    return this.stores
  }

  get apps() {
    return this.ready.apps
  }
  get users() {
    return this.ready.users
  }
  get conversations() {
    return this.ready.conversations
  }
  get events() {
    return this.ready.events
  }
  get settings() {
    return this.ready.settings
  }
  get webhooks() {
    return this.ready.webhooks
  }
  get files() {
    return this.ready.files
  }
  get social() {
    return this.ready.social
  }
  get console() {
    return this.ready.console
  }
  get bots() {
    return this.ready.bots
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    this.stores?.events.flush()
    // Acks still waiting for the WAL fsync get it before the file closes.
    await this.walSync?.sync().catch(() => undefined)
    await this.walSync?.close()
    this.db.close()
  }
}
