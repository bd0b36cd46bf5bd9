import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { assertStorageKey, type ByteRange, type FileStorage } from './file-storage.js'

/**
 * Files on local disk under one root directory (default `<dataDir>/files`). Writes go to a temporary
 * name and are renamed into place, so a reader never sees half a file.
 *
 * @example
 * ```ts
 * const storage = new LocalFileStorage('./data/files')
 * ```
 */
export class LocalFileStorage implements FileStorage {
  readonly kind = 'local' as const

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertStorageKey(key)
    return join(this.root, ...key.split('/'))
  }

  async put(key: string, body: Readable | Buffer, info: { size: number }): Promise<void> {
    const path = this.pathOf(key)
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }))
      const written = (await stat(temporary)).size
      if (written !== info.size) throw new Error(`wrote ${written} bytes, expected ${info.size}`)
      await rename(temporary, path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    const path = this.pathOf(key)
    if (!(await this.stat(key))) return undefined
    return createReadStream(path, range ? { start: range.start, end: range.end } : {})
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      const info = await stat(this.pathOf(key))
      return info.isFile() ? { size: info.size } : undefined
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true })
  }
}
