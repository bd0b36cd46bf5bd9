import { join } from 'node:path'
import { KnowledgeService, OpenAICompatibleEmbeddingModel, PostgresKnowledgeStore, type EmbeddingModel, type KnowledgeStore, type PgPoolLike } from '@warbler/ai'
import type { ServerConfig } from '../config/config.js'
import type { Logger } from '../observability/logger.js'
import { botsSchema } from '../storage/migrations/006-bots.js'
import type { BotStore } from '../storage/bot-store.js'
import { SqlBotStore } from '../storage/stores/bot-store.js'
import { sqliteKysely } from '../storage/kysely/sqlite-kysely.js'
import { sqliteStoreDatabase } from '../storage/kysely/store-database.js'
import { openSqliteDatabase, type SqliteDatabase } from '../storage/sqlite/sqlite-driver.js'
import type { Storage } from '../storage/storage.js'

/** The knowledge service and the bot store, on the server's database when it can hold them. */
export interface KnowledgeStorage {
  knowledge: KnowledgeService
  botStore: BotStore
  /** The side SQLite file when the main storage could not hold knowledge (PostgreSQL), else undefined. */
  sideDatabase?: SqliteDatabase
}

/** The outbound fetch allowlist (CIDRs) shared with webhooks: `WARBLER_OUTBOUND_ALLOWLIST=10.0.0.0/8,…`. */
export function outboundAllowlist(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.WARBLER_OUTBOUND_ALLOWLIST ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

/**
 * The embedding model for vector retrieval, when configured: `WARBLER_EMBEDDING_BASE_URL` (any
 * OpenAI-compatible `/v1` base URL), `WARBLER_EMBEDDING_MODEL`, optional `WARBLER_EMBEDDING_API_KEY`.
 * Without it, retrieval is lexical (BM25) only.
 */
export function embeddingModelFromEnvironment(env: NodeJS.ProcessEnv = process.env): EmbeddingModel | undefined {
  const baseUrl = env.WARBLER_EMBEDDING_BASE_URL
  const model = env.WARBLER_EMBEDDING_MODEL
  if (!baseUrl || !model) return undefined
  return new OpenAICompatibleEmbeddingModel({ baseUrl, model, ...(env.WARBLER_EMBEDDING_API_KEY ? { apiKey: env.WARBLER_EMBEDDING_API_KEY } : {}) })
}

/**
 * Builds the KnowledgeService. On SQLite it shares the server's database (`SqliteStorage.db`); on
 * PostgreSQL it uses `PostgresKnowledgeStore` over the storage's pool, so every node shares the
 * knowledge bases. Only a storage without a bot store falls back to `<dataDir>/knowledge.db` (logged).
 */
export async function openKnowledgeStorage(options: {
  storage: Storage
  dataDir: string
  logger: Logger
  env?: NodeJS.ProcessEnv
  /** Document limits and parser threads (`config.knowledge`); the service's defaults when absent. */
  limits?: ServerConfig['knowledge']
}): Promise<KnowledgeStorage> {
  const { storage, logger } = options
  const knowledgeLogger = logger.child({ component: 'knowledge' })
  const shared = 'db' in storage ? ((storage as unknown as { db: SqliteDatabase }).db) : undefined
  const store = shared ? undefined : postgresKnowledgeStore(storage, (message) => knowledgeLogger.warn(message))
  let sideDatabase: SqliteDatabase | undefined
  let db = shared
  if ((!db && !store) || !storage.bots) {
    const filename = join(options.dataDir, 'knowledge.db')
    sideDatabase = await openSqliteDatabase(filename, { synchronous: 'normal' })
    logger.warn({ filename }, 'storage has no knowledge/bot store for this backend yet: knowledge bases and bots are kept in a local SQLite file on this node')
    if (!store) db ??= sideDatabase
  }
  let botStore = storage.bots
  if (!botStore) {
    sideDatabase!.exec(botsSchema.sqlite)
    botStore = new SqlBotStore(sqliteStoreDatabase(sqliteKysely(sideDatabase!)))
  }
  const embeddingModel = embeddingModelFromEnvironment(options.env)
  if (embeddingModel) knowledgeLogger.info(`vector retrieval on: embeddings from ${embeddingModel.modelId}`)
  const knowledge = new KnowledgeService({
    ...(store ? { store } : { db: db! }),
    ...(embeddingModel ? { embeddingModel } : {}),
    fetchAllowlist: outboundAllowlist(options.env),
    ...(options.limits ? knowledgeLimitOptions(options.limits) : {}),
    logger: { info: (message: string) => knowledgeLogger.info(message), warn: (message: string) => knowledgeLogger.warn(message) },
  })
  return { knowledge, botStore, ...(sideDatabase ? { sideDatabase } : {}) }
}

/** `config.knowledge` as KnowledgeService options. */
function knowledgeLimitOptions(limits: ServerConfig['knowledge']) {
  const { maxDocumentBytes, parseTimeoutSeconds, parseMemoryMb, parseWorkers, ...documentLimits } = limits
  return {
    maxDocumentBytes,
    limits: documentLimits,
    parser: { workers: parseWorkers, timeoutMs: parseTimeoutSeconds * 1000, memoryMb: parseMemoryMb },
  }
}

/** The PostgreSQL knowledge store over the storage's own pool, for PostgreSQL storage. */
function postgresKnowledgeStore(storage: Storage, log: (message: string) => void): KnowledgeStore | undefined {
  const pool = (storage as unknown as { pool?: PgPoolLike }).pool
  return storage.kind === 'postgres' && pool ? new PostgresKnowledgeStore(pool, { log }) : undefined
}
