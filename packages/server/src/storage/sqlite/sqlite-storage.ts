import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS } from '../migrations/index.js'
import type { Storage } from '../storage.js'
import { sqliteConversationDialect } from './sqlite-conversation-dialect.js'
import { SqlConversationStore } from '../stores/conversation-store.js'
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-driver.js'
import { SqliteEventStore } from './sqlite-event-store.js'
import { migrateSqlite } from './sqlite-migrator.js'
import { availableParallelism } from 'node:os'
import { InlineCommitter, ThreadCommitter, writerScriptPath, type EventCommitter } from './event-committers.js'
import { WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.js'
import { WalSync } from './wal-sync.js'
import { sqliteKysely } from '../kysely/sqlite-kysely.js'
import { sqliteStoreDatabase, type StoreDatabase } from '../kysely/store-database.js'
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

/** Options of {@link SqliteStorage.open}. */
export interface SqliteStorageOptions {
  /** Path of the database file, or `:memory:`. */
  filename: string
  /** `full` (default): acked messages survive power loss. `normal`: they survive a process crash. */
  synchronous?: 'full' | 'normal'
  /**
   * Where event appends are committed for file databases: `thread` on a writer thread with its own
   * connection, off the event loop (it also seals the messages there: encryption and blind index);
   * `inline` on the main connection; `auto` (default): a thread when the machine has 2 or more
   * CPUs. With the sealing on the thread, it halves the event loop's CPU per message on 2 cores
   * (measured in BENCHMARKS.md); a single CPU commits inline.
   */
  writer?: 'auto' | 'thread' | 'inline'
  /** WAL checkpoint sizes and interval (file databases; the defaults suit production, tests shrink them). */
  walCheckpoints?: Partial<WalCheckpointerOptions>
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
    apps: SqlAppStore
    users: SqlUserStore
    conversations: SqlConversationStore
    events: SqliteEventStore
    settings: SqlSettingStore
    webhooks: SqlWebhookStore
    files: SqlFileStore
    social: SqlSocialStore
    console: SqlConsoleStore
    bots: SqlBotStore
    support: SqlSupportStore
    push: SqlPushStore
    tools: SqlToolStore
    compliance: SqlComplianceStore
    evaluations: SqlEvaluationStore
    knowledgeSources: SqlKnowledgeSourceStore
    appKeys: SqlAppKeyStore
    appPurge: SqlAppPurgeStore
  }

  /** Set for file databases with `synchronous: 'full'`: event appends fsync the WAL off the main thread. */
  private readonly walSync?: WalSync
  /** File databases: WAL checkpoints on a worker thread. */
  private readonly checkpointer?: WalCheckpointer

  /** Kysely on this connection, for the stores written once (`storage/stores/`). */
  private readonly store: StoreDatabase

  /** Commits event appends (created by migrate(), once the tables exist). */
  private committer?: EventCommitter

  private constructor(
    readonly db: SqliteDatabase,
    private readonly options: SqliteStorageOptions,
  ) {
    this.store = sqliteStoreDatabase(sqliteKysely(db))
    if (options.filename !== ':memory:' && options.synchronous !== 'normal') this.walSync = new WalSync(`${options.filename}-wal`)
    if (options.filename !== ':memory:') {
      // Checkpoints run on a worker thread, never inside a commit on the event loop.
      db.pragma('wal_autocheckpoint = 0')
      this.checkpointer = new WalCheckpointer(
        options.filename,
        options.synchronous === 'normal' ? 'NORMAL' : 'FULL',
        (message) => process.emitWarning(`WAL checkpoint failed: ${message}`, 'WarblerStorageWarning'),
        options.walCheckpoints,
      )
    }
  }

  /** Opens (creating when missing) the database file. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
    const db = await openSqliteDatabase(options.filename, options.synchronous ? { synchronous: options.synchronous } : {})
    return new SqliteStorage(db, options)
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.db, MIGRATIONS)
    this.committer ??= this.createCommitter()
    const events = new SqliteEventStore(this.db, this.committer, this.store.db)
    this.checkpointer?.pauseCommitsWith(() => events.pauseCommits())
    this.stores = {
      apps: new SqlAppStore(this.store),
      users: new SqlUserStore(this.store),
      conversations: new SqlConversationStore(this.store, sqliteConversationDialect),
      events,
      settings: new SqlSettingStore(this.store),
      webhooks: new SqlWebhookStore(this.store),
      files: new SqlFileStore(this.store),
      social: new SqlSocialStore(this.store),
      console: new SqlConsoleStore(this.store),
      bots: new SqlBotStore(this.store),
      support: new SqlSupportStore(this.store),
      push: new SqlPushStore(this.store),
      tools: new SqlToolStore(this.store),
      compliance: new SqlComplianceStore(this.store),
      evaluations: new SqlEvaluationStore(this.store),
      knowledgeSources: new SqlKnowledgeSourceStore(this.store),
      appKeys: new SqlAppKeyStore(this.store),
      appPurge: new SqlAppPurgeStore(this.store),
    }
  }

  private createCommitter(): EventCommitter {
    const script = writerScriptPath()
    const writer = this.options.writer ?? 'auto'
    const threaded = writer === 'thread' || (writer === 'auto' && availableParallelism() >= 2)
    if (writer === 'thread' && !script) throw new Error('The SQLite writer thread needs the compiled server (npm run build).')
    if (this.options.filename === ':memory:' || !threaded || !script) return new InlineCommitter(this.db, this.walSync)
    return new ThreadCommitter(script, this.options.filename, this.options.synchronous !== 'normal')
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
  get support() {
    return this.ready.support
  }

  get push() {
    return this.ready.push
  }
  get tools() {
    return this.ready.tools
  }
  get compliance() {
    return this.ready.compliance
  }
  get evaluations() {
    return this.ready.evaluations
  }
  get knowledgeSources() {
    return this.ready.knowledgeSources
  }
  get appKeys() {
    return this.ready.appKeys
  }
  get appPurge() {
    return this.ready.appPurge
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    // Appends still waiting get committed and made durable before the file closes.
    await this.stores?.events.drain()
    await this.committer?.close()
    await this.walSync?.sync().catch(() => undefined)
    await this.walSync?.close()
    await this.checkpointer?.stop()
    this.db.close()
  }
}
