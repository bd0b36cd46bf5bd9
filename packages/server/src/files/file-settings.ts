import { join } from 'node:path'
import type { S3Settings } from './s3-file-storage.js'

/** How files are stored, limited and served. */
export interface FileSettings {
  /** Largest upload in bytes (`WARBLER_MAX_UPLOAD_BYTES`, default 50 MB). */
  maxUploadBytes: number
  /** Root of the local-disk storage (default `<dataDir>/files`). */
  localDir: string
  /** Where uploads are spooled while they are checked (default `<dataDir>/files-tmp`). */
  spoolDir: string
  /** The S3-compatible bucket, when `WARBLER_S3_*` are set; local disk otherwise. */
  s3: S3Settings | undefined
  /** Longest side of image thumbnails, in pixels. */
  thumbnailSize: number
  /** Default lifetime of download URLs, in seconds. */
  urlTtlSeconds: number
}

/**
 * File settings from environment variables: `WARBLER_MAX_UPLOAD_BYTES`, and `WARBLER_S3_ENDPOINT`,
 * `WARBLER_S3_BUCKET`, `WARBLER_S3_ACCESS_KEY_ID`, `WARBLER_S3_SECRET_ACCESS_KEY`, `WARBLER_S3_REGION`
 * (endpoint and bucket select S3; a half-configured S3 stops the start with a message).
 */
export function loadFileSettings(dataDir: string, environment: Record<string, string | undefined> = process.env, overrides: Partial<FileSettings> = {}): FileSettings {
  const maxUploadBytes = Number(environment.WARBLER_MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024)
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes <= 0) throw new Error('Invalid configuration: WARBLER_MAX_UPLOAD_BYTES must be a positive integer')
  let s3: S3Settings | undefined
  if (environment.WARBLER_S3_ENDPOINT || environment.WARBLER_S3_BUCKET) {
    const missing = ['WARBLER_S3_ENDPOINT', 'WARBLER_S3_BUCKET', 'WARBLER_S3_ACCESS_KEY_ID', 'WARBLER_S3_SECRET_ACCESS_KEY'].filter((name) => !environment[name])
    if (missing.length > 0) throw new Error(`Invalid configuration: S3 file storage needs ${missing.join(', ')}`)
    s3 = {
      endpoint: environment.WARBLER_S3_ENDPOINT!,
      bucket: environment.WARBLER_S3_BUCKET!,
      accessKeyId: environment.WARBLER_S3_ACCESS_KEY_ID!,
      secretAccessKey: environment.WARBLER_S3_SECRET_ACCESS_KEY!,
      region: environment.WARBLER_S3_REGION ?? 'us-east-1',
    }
  }
  return {
    maxUploadBytes,
    localDir: join(dataDir, 'files'),
    spoolDir: join(dataDir, 'files-tmp'),
    s3,
    thumbnailSize: 320,
    urlTtlSeconds: 3600,
    ...overrides,
  }
}
