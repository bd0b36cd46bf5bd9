import type { Readable } from 'node:stream'
import { WarblerError } from '@warbler/protocol'

/** A byte range, both ends inclusive (as in HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Where file bytes live: local disk or an S3-compatible bucket. Keys are made by the server
 * (`<appId>/<fileId>`), never taken from users.
 *
 * @example
 * ```ts
 * await storage.put('app_1/f_1', createReadStream(tmp), { size, contentType: 'image/png' })
 * const stream = await storage.get('app_1/f_1', { start: 0, end: 99 })
 * ```
 */
export interface FileStorage {
  readonly kind: 'local' | 's3'
  /** Stores the bytes under the key (replacing what was there). `size` must be exact. */
  put(key: string, body: Readable | Buffer, info: { size: number; contentType: string; sha256?: string }): Promise<void>
  /** The bytes (or a range of them), or undefined when the key holds nothing. */
  get(key: string, range?: ByteRange): Promise<Readable | undefined>
  /** The size of what the key holds, or undefined. */
  stat(key: string): Promise<{ size: number } | undefined>
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*){0,4}$/

/** Throws unless the key is a server-made key (no `..`, no absolute paths, no odd characters). */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '.' || segment === '..') || key.length > 512) {
    throw new WarblerError('internal', `Not a valid file storage key: ${JSON.stringify(key).slice(0, 100)}`)
  }
}
