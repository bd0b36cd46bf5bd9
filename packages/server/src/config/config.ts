import { resolve } from 'node:path'
import { DEFAULT_LIMITS } from '@warbler/protocol'
import { z } from 'zod'

const integer = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === '1' || value === 'true' || value === 'yes')

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  WARBLER_DATA_DIR: z.string().default('./data'),
  WARBLER_ADMIN_KEY: z.string().min(16, 'WARBLER_ADMIN_KEY must be at least 16 characters').optional(),
  WARBLER_DATABASE_URL: z.string().optional(),
  WARBLER_REDIS_URL: z.string().optional(),
  WARBLER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WARBLER_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  WARBLER_SQLITE_WRITER: z.enum(['auto', 'thread', 'inline']).default('auto'),
  WARBLER_DEMO: flag(true),
  WARBLER_TRUST_PROXY: flag(false),
  WARBLER_MAX_FRAME_BYTES: integer(DEFAULT_LIMITS.maxFrameBytes),
  WARBLER_MAX_TEXT_LENGTH: integer(DEFAULT_LIMITS.maxTextLength),
  WARBLER_SENDS_PER_SECOND: integer(DEFAULT_LIMITS.sendsPerSecond),
  WARBLER_SEND_BURST: integer(DEFAULT_LIMITS.sendBurst),
  WARBLER_CONNECTIONS_PER_USER: integer(DEFAULT_LIMITS.connectionsPerUser),
  WARBLER_AUTH_TIMEOUT_SECONDS: integer(DEFAULT_LIMITS.authTimeoutSeconds),
  WARBLER_HEARTBEAT_SECONDS: integer(DEFAULT_LIMITS.heartbeatSeconds),
  WARBLER_SHUTDOWN_TIMEOUT_SECONDS: integer(10),
  WARBLER_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  WARBLER_LISTEN_BACKLOG: integer(4096),
  WARBLER_KNOWLEDGE_MAX_DOCUMENT_BYTES: integer(50 * 1024 * 1024),
  WARBLER_KNOWLEDGE_MAX_ARCHIVE_ENTRIES: integer(10_000),
  WARBLER_KNOWLEDGE_MAX_EXTRACTED_BYTES: integer(16 * 1024 * 1024),
  WARBLER_KNOWLEDGE_MAX_PDF_PAGES: integer(2_000),
  WARBLER_KNOWLEDGE_MAX_TEXT_CHARS: integer(5_000_000),
  WARBLER_KNOWLEDGE_MAX_CHUNKS: integer(20_000),
  WARBLER_KNOWLEDGE_PARSE_TIMEOUT_SECONDS: integer(120),
  WARBLER_KNOWLEDGE_PARSE_MEMORY_MB: integer(512),
  WARBLER_KNOWLEDGE_PARSE_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  WARBLER_AUTH_MAX_FAILURES: integer(20),
  WARBLER_AUTH_FAILURE_WINDOW_SECONDS: integer(300),
  WARBLER_HEADERS_TIMEOUT_SECONDS: integer(20),
  WARBLER_BODY_TIMEOUT_SECONDS: integer(30),
  WARBLER_MIN_BODY_BYTES_PER_SECOND: integer(16 * 1024),
  WARBLER_REQUEST_TIMEOUT_SECONDS: integer(3600),
})

/** Everything a node is configured with. */
export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  adminKey: string | undefined
  databaseUrl: string | undefined
  redisUrl: string | undefined
  logLevel: string
  sqliteSynchronous: 'full' | 'normal'
  /** Where SQLite event appends commit: a writer thread, the main connection, or `auto` (a thread with 4 or more CPUs). */
  sqliteWriter: 'auto' | 'thread' | 'inline'
  seedDemo: boolean
  trustProxy: boolean
  shutdownTimeoutSeconds: number
  /** Node processes `warbler start` runs on this host behind one port (node:cluster; needs Redis). */
  workers: number
  /** Pending connections the kernel queues before accept (capped by net.core.somaxconn). */
  listenBacklog: number
  version: string
  /** Wrong credentials (operator key, app secret, user token) allowed per source address and window; then 429. */
  authThrottle: { maxFailures: number; windowSeconds: number }
  /**
   * How long a client may take to send a request: its headers (`headersSeconds`), its body (within
   * `bodySeconds`, or later only while it still arrives at `minBodyBytesPerSecond` on average, so a
   * slow but honest upload finishes and a trickle does not), and the whole request at most
   * (`requestSeconds`). Responses (SSE streams) and WebSockets are not limited by these.
   */
  timeouts: { headersSeconds: number; bodySeconds: number; minBodyBytesPerSecond: number; requestSeconds: number }
  limits: {
    maxFrameBytes: number
    maxTextLength: number
    sendsPerSecond: number
    sendBurst: number
    connectionsPerUser: number
    authTimeoutSeconds: number
    heartbeatSeconds: number
  }
  /** Limits of knowledge-base documents (see docs/knowledge-bases.md, "Limits"). */
  knowledge: {
    /** Largest stored document source (an upload, a text). */
    maxDocumentBytes: number
    /** Entries a DOCX (zip) may have. */
    maxArchiveEntries: number
    /** Bytes the parser may inflate from one archive. */
    maxExtractedBytes: number
    /** Pages of a PDF. */
    maxPdfPages: number
    /** Characters of text extracted from one document. */
    maxTextChars: number
    /** Chunks of one document. */
    maxChunks: number
    /** A parse that takes longer is stopped (its parser process is killed). */
    parseTimeoutSeconds: number
    /** Heap of a parser process (its resident size is held under twice that plus 64 MB); a document needing more fails, the server stays up. */
    parseMemoryMb: number
    /** Parser processes (documents parse one at a time in each). */
    parseWorkers: number
  }
}

/**
 * Reads the configuration from environment variables; a wrong value stops the start with a message
 * naming the variable.
 */
export function loadConfig(environment: Record<string, string | undefined> = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const parsed = Environment.safeParse(Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== '')))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const env = parsed.data
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.WARBLER_DATA_DIR),
    adminKey: env.WARBLER_ADMIN_KEY,
    databaseUrl: env.WARBLER_DATABASE_URL,
    redisUrl: env.WARBLER_REDIS_URL,
    logLevel: env.WARBLER_LOG_LEVEL,
    sqliteSynchronous: env.WARBLER_SQLITE_SYNCHRONOUS,
    sqliteWriter: env.WARBLER_SQLITE_WRITER,
    seedDemo: env.WARBLER_DEMO,
    trustProxy: env.WARBLER_TRUST_PROXY,
    shutdownTimeoutSeconds: env.WARBLER_SHUTDOWN_TIMEOUT_SECONDS,
    workers: env.WARBLER_WORKERS,
    listenBacklog: env.WARBLER_LISTEN_BACKLOG,
    version: '0.1.0',
    authThrottle: { maxFailures: env.WARBLER_AUTH_MAX_FAILURES, windowSeconds: env.WARBLER_AUTH_FAILURE_WINDOW_SECONDS },
    timeouts: {
      headersSeconds: env.WARBLER_HEADERS_TIMEOUT_SECONDS,
      bodySeconds: env.WARBLER_BODY_TIMEOUT_SECONDS,
      minBodyBytesPerSecond: env.WARBLER_MIN_BODY_BYTES_PER_SECOND,
      requestSeconds: env.WARBLER_REQUEST_TIMEOUT_SECONDS,
    },
    limits: {
      maxFrameBytes: env.WARBLER_MAX_FRAME_BYTES,
      maxTextLength: env.WARBLER_MAX_TEXT_LENGTH,
      sendsPerSecond: env.WARBLER_SENDS_PER_SECOND,
      sendBurst: env.WARBLER_SEND_BURST,
      connectionsPerUser: env.WARBLER_CONNECTIONS_PER_USER,
      authTimeoutSeconds: env.WARBLER_AUTH_TIMEOUT_SECONDS,
      heartbeatSeconds: env.WARBLER_HEARTBEAT_SECONDS,
    },
    knowledge: {
      maxDocumentBytes: env.WARBLER_KNOWLEDGE_MAX_DOCUMENT_BYTES,
      maxArchiveEntries: env.WARBLER_KNOWLEDGE_MAX_ARCHIVE_ENTRIES,
      maxExtractedBytes: env.WARBLER_KNOWLEDGE_MAX_EXTRACTED_BYTES,
      maxPdfPages: env.WARBLER_KNOWLEDGE_MAX_PDF_PAGES,
      maxTextChars: env.WARBLER_KNOWLEDGE_MAX_TEXT_CHARS,
      maxChunks: env.WARBLER_KNOWLEDGE_MAX_CHUNKS,
      parseTimeoutSeconds: env.WARBLER_KNOWLEDGE_PARSE_TIMEOUT_SECONDS,
      parseMemoryMb: env.WARBLER_KNOWLEDGE_PARSE_MEMORY_MB,
      parseWorkers: env.WARBLER_KNOWLEDGE_PARSE_WORKERS,
    },
    ...overrides,
  }
}
