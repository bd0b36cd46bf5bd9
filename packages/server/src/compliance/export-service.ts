import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { WarblerError } from '@warbler/protocol'
import { newId } from '../domain/ids.js'
import type { Logger } from '../observability/logger.js'
import type { ExportJobRecord } from '../storage/compliance-store.js'
import { buildUserArchive, type ArchiveSources } from './export-archive.js'
import { isEncryptedFile, openBytes, sealBytes } from './keys/file-cipher.js'

/** Options of {@link ExportService}. */
export interface ExportOptions {
  /** Where the zips are kept until they expire. */
  directory: string
  /** Key the download URLs are signed with. */
  key: Buffer
  now: () => number
  logger: Logger
  /** The app's data key: the zips are kept encrypted with it (`compliance/keys/file-cipher.ts`) until downloaded. */
  dataKeyOf?: (appId: string) => Promise<Buffer>
  /** How long a ready export can be downloaded. Default 24 hours. */
  ttlMs?: number
  /** A running job not touched for this long is taken again (its node stopped). Default 10 minutes. */
  staleMs?: number
}

/** The name an export zip is sealed under (bound into its key, so one job's file does not open as another's). */
const exportKey = (appId: string, exportId: string) => `exports/${appId}/${exportId}`

/** What `GET /exports/{id}` answers. */
export interface ExportStatus {
  id: string
  userId: string
  status: ExportJobRecord['status']
  createdAt: number
  expiresAt?: number
  url?: string
  error?: string
}

/**
 * Exports of everything about a user (GDPR art. 15 and 20, PIPL art. 45) as persisted jobs: a
 * request queues one, a worker builds the zip (any node; a queued or stale job is claimed by one),
 * and the status then carries a signed URL that works until the export expires and is deleted.
 *
 * @example
 * ```ts
 * const { id } = await exports.request('app_1', 'alice')
 * const { status, url } = await exports.status('app_1', id)
 * ```
 */
export class ExportService {
  readonly #ttlMs: number
  readonly #staleMs: number
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> = Promise.resolve()

  constructor(
    private readonly sources: ArchiveSources,
    private readonly options: ExportOptions,
  ) {
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000
    this.#staleMs = options.staleMs ?? 10 * 60 * 1000
  }

  /** Queues an export of the user and starts working on it. */
  async request(appId: string, userId: string): Promise<{ id: string; status: 'queued' }> {
    const known = (await this.sources.storage.users.get(appId, userId)) ?? (await this.sources.store.getErasure(appId, userId))
    if (!known) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    const now = this.options.now()
    const id = newId('ex')
    await this.sources.store.createExport({ appId, id, userId, status: 'queued', tokenHash: null, path: null, error: null, createdAt: now, updatedAt: now, expiresAt: null })
    this.kick()
    return { id, status: 'queued' }
  }

  /** The job's status, with the download URL once ready. */
  async status(appId: string, id: string): Promise<ExportStatus> {
    const job = await this.sources.store.getExport(appId, id)
    if (!job) throw new WarblerError('not_found', 'No such export.')
    const base: ExportStatus = { id: job.id, userId: job.userId, status: job.status, createdAt: job.createdAt }
    if (job.status === 'failed') return { ...base, error: job.error ?? 'The export failed.' }
    if (job.status !== 'ready' || job.expiresAt === null) return base
    const expires = job.expiresAt
    return { ...base, expiresAt: expires, url: `/api/v1/apps/${encodeURIComponent(appId)}/exports/${encodeURIComponent(id)}/download?expires=${expires}&signature=${this.#sign(appId, id, expires)}` }
  }

  /** The zip behind a signed URL; `not_found` when the signature is wrong or the export expired. */
  async download(appId: string, id: string, expires: number, signature: string): Promise<{ bytes: Buffer; filename: string }> {
    const expected = Buffer.from(this.#sign(appId, id, expires))
    const given = Buffer.from(signature)
    const valid = expected.length === given.length && timingSafeEqual(expected, given)
    const job = valid && expires > this.options.now() ? await this.sources.store.getExport(appId, id) : undefined
    if (!job || job.status !== 'ready' || !job.path || job.expiresAt !== expires) throw new WarblerError('not_found', 'This export link is not valid (or has expired).')
    const stored = await readFile(job.path)
    // Zips written before encryption at rest (or without a keyring) are served as they are.
    const bytes = this.options.dataKeyOf && isEncryptedFile(stored) ? openBytes(await this.options.dataKeyOf(appId), exportKey(appId, id), stored) : stored
    return { bytes, filename: `warbler-export-${job.userId}-${new Date(job.createdAt).toISOString().slice(0, 10)}.zip` }
  }

  /** Starts the periodic sweep (queued jobs after a restart, expired zips). */
  start(intervalMs = 30_000): void {
    this.#timer ??= setInterval(() => this.kick(), intervalMs)
    this.#timer.unref()
    this.kick()
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#running
  }

  /** Runs the queue now (one pass at a time per node). */
  kick(): Promise<void> {
    this.#running = this.#running.then(() => this.#pass()).catch((error: unknown) => this.options.logger.error({ err: error }, 'export pass failed'))
    return this.#running
  }

  async #pass(): Promise<void> {
    const now = this.options.now()
    for (const job of await this.sources.store.pendingExports(20)) {
      if (job.status === 'running' && now - job.updatedAt < this.#staleMs) continue
      if (!(await this.sources.store.claimExport(job.appId, job.id, job.status, job.updatedAt, now))) continue
      await this.#build(job)
    }
    for (const job of await this.sources.store.expiredExports(now, 100)) {
      if (job.path) await rm(job.path, { force: true })
      await this.sources.store.updateExport(job.appId, job.id, { status: 'failed', error: 'The export expired.', path: null, updatedAt: now })
    }
  }

  async #build(job: ExportJobRecord): Promise<void> {
    try {
      const bytes = await buildUserArchive(this.sources, job.appId, job.userId, this.options.now())
      const directory = join(this.options.directory, job.appId)
      await mkdir(directory, { recursive: true, mode: 0o700 })
      const path = join(directory, `${job.id}.zip`)
      const stored = this.options.dataKeyOf ? sealBytes(await this.options.dataKeyOf(job.appId), exportKey(job.appId, job.id), bytes) : bytes
      await writeFile(path, stored, { mode: 0o600 })
      const now = this.options.now()
      await this.sources.store.updateExport(job.appId, job.id, { status: 'ready', path, updatedAt: now, expiresAt: now + this.#ttlMs })
    } catch (error) {
      this.options.logger.error({ err: error, exportId: job.id }, 'export failed')
      await this.sources.store.updateExport(job.appId, job.id, { status: 'failed', error: 'The export could not be built.', updatedAt: this.options.now() })
    }
  }

  #sign(appId: string, id: string, expires: number): string {
    return createHmac('sha256', this.options.key).update(`export-download/v1\n${appId}\n${id}\n${expires}`).digest('base64url')
  }
}
