import { createReadStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import sharp from 'sharp'
import { WarblerError } from '@warbler/protocol'
import type { ConversationService } from '../domain/conversation-service.js'
import { newId } from '../domain/ids.js'
import type { Storage } from '../storage/storage.js'
import type { FileRecord } from '../storage/file-store.js'
import { decideMime, RASTER_IMAGES } from './content-type-check.js'
import type { ByteRange, FileStorage } from './file-storage.js'
import type { FileSettings } from './file-settings.js'
import { spoolUpload } from './upload-spool.js'
import type { FileUrlSigner } from './url-signer.js'

/** Who is uploading or asking for a link: the app's backend (secret), or a user (token). */
export type FileCaller = { kind: 'app' } | { kind: 'user'; userId: string }

/** An upload as it arrives: the multipart fields and the file stream. */
export interface UploadInput {
  conversationId: string
  /** For app uploads: the user to record as uploader (must be a member). */
  uploaderId?: string
  name: string
  declaredMime: string | undefined
  stream: Readable
}

/** A stored file opened for download. */
export interface OpenedFile {
  record: FileRecord
  stream: Readable
  mime: string
  /** Size of the whole variant. */
  size: number
  range: ByteRange | undefined
}

/**
 * Files: uploads streamed to a spool file (size-limited, hashed, type-sniffed), images measured and
 * thumbnailed with sharp, bytes put in the {@link FileStorage}; downloads through signed, expiring URLs
 * handed only to members of the file's conversation.
 */
export class FileService {
  constructor(
    private readonly storage: Storage,
    private readonly conversations: ConversationService,
    readonly files: FileStorage,
    readonly signer: FileUrlSigner,
    readonly settings: FileSettings,
  ) {}

  /** Checks the caller may use files of the conversation: a member, or the app itself. */
  async requireAccess(appId: string, caller: FileCaller, conversationId: string): Promise<void> {
    if (caller.kind === 'user') await this.conversations.requireMember(appId, conversationId, caller.userId)
    else await this.conversations.require(appId, conversationId)
  }

  /** Stores an upload and its metadata; the stream is consumed (or drained) in every case. */
  async upload(appId: string, caller: FileCaller, input: UploadInput): Promise<FileRecord> {
    try {
      await this.requireAccess(appId, caller, input.conversationId)
      const uploaderId = caller.kind === 'user' ? caller.userId : (input.uploaderId ?? null)
      if (caller.kind === 'app' && uploaderId !== null) await this.conversations.requireMember(appId, input.conversationId, uploaderId)
    } catch (error) {
      input.stream.resume()
      throw error
    }
    const id = newId('f')
    await mkdir(this.settings.spoolDir, { recursive: true })
    const spool = join(this.settings.spoolDir, id)
    try {
      const measured = await spoolUpload(input.stream, spool, this.settings.maxUploadBytes).catch((error: unknown) => {
        input.stream.resume()
        throw error
      })
      if (measured.size === 0) throw new WarblerError('validation_failed', 'The file is empty.')
      const mime = await decideMime(measured.head, input.declaredMime)
      const storageKey = `${appId}/${id}`
      let width: number | null = null
      let height: number | null = null
      let thumbnailKey: string | null = null
      if (RASTER_IMAGES.has(mime)) {
        const image = await this.thumbnail(spool)
        ;({ width, height } = image)
        thumbnailKey = `${storageKey}.thumb`
        await this.files.put(thumbnailKey, image.thumbnail, { size: image.thumbnail.length, contentType: 'image/webp' })
      }
      await this.files.put(storageKey, createReadStream(spool), { size: measured.size, contentType: mime, sha256: measured.sha256 })
      const record: FileRecord = {
        appId,
        id,
        conversationId: input.conversationId,
        uploaderId: caller.kind === 'user' ? caller.userId : (input.uploaderId ?? null),
        name: input.name,
        mime,
        size: measured.size,
        sha256: measured.sha256,
        width,
        height,
        storageKey,
        thumbnailKey,
        createdAt: Date.now(),
      }
      await this.storage.files.create(record)
      return record
    } finally {
      await rm(spool, { force: true })
    }
  }

  private async thumbnail(path: string): Promise<{ width: number; height: number; thumbnail: Buffer }> {
    try {
      const metadata = await sharp(path, { limitInputPixels: 100_000_000 }).metadata()
      const size = this.settings.thumbnailSize
      const thumbnail = await sharp(path, { limitInputPixels: 100_000_000 })
        .rotate()
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer()
      const rotated = (metadata.orientation ?? 1) >= 5
      return { width: (rotated ? metadata.height : metadata.width) ?? 0, height: (rotated ? metadata.width : metadata.height) ?? 0, thumbnail }
    } catch (error) {
      throw new WarblerError('unsupported_media_type', 'The image cannot be read.', { cause: error })
    }
  }

  /** The file's metadata, or `not_found`. */
  async require(appId: string, fileId: string): Promise<FileRecord> {
    const record = await this.storage.files.get(appId, fileId)
    if (!record) throw new WarblerError('not_found', 'The file does not exist.')
    return record
  }

  /** A signed download URL for a caller allowed to see the file. */
  async downloadUrl(appId: string, caller: FileCaller, fileId: string, options: { variant: 'original' | 'thumb'; ttlSeconds?: number }) {
    const record = await this.require(appId, fileId)
    await this.requireAccess(appId, caller, record.conversationId)
    if (options.variant === 'thumb' && !record.thumbnailKey) throw new WarblerError('not_found', 'The file has no thumbnail.')
    return this.signedUrl(record, options.variant, options.ttlSeconds)
  }

  /** Signs a URL for a record (access already checked). */
  signedUrl(record: FileRecord, variant: 'original' | 'thumb', ttlSeconds = this.settings.urlTtlSeconds): { url: string; expiresAt: number } {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds
    return { url: this.signer.url({ appId: record.appId, fileId: record.id, variant, exp }), expiresAt: exp * 1000 }
  }

  /** Opens the file a signed URL names; `range` is resolved against the stored size. */
  async open(query: Record<string, unknown>, fileId: string, rangeHeader: string | undefined): Promise<OpenedFile> {
    const grant = this.signer.verify(fileId, query)
    const record = await this.require(grant.appId, fileId)
    const key = grant.variant === 'thumb' ? record.thumbnailKey : record.storageKey
    if (!key) throw new WarblerError('not_found', 'The file has no thumbnail.')
    const stat = await this.files.stat(key)
    if (!stat) throw new WarblerError('not_found', 'The file content is gone.')
    const range = parseRange(rangeHeader, stat.size)
    if (range === 'unsatisfiable') throw Object.assign(new WarblerError('bad_request', 'The range is not satisfiable.'), { size: stat.size })
    const stream = await this.files.get(key, range)
    if (!stream) throw new WarblerError('not_found', 'The file content is gone.')
    return { record, stream, mime: grant.variant === 'thumb' ? 'image/webp' : record.mime, size: stat.size, range }
  }
}

/** One `bytes=` range (multiple ranges are served as the whole file). */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | 'unsatisfiable' {
  if (!header) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  let start: number
  let end: number
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(size - suffix, 0)
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
