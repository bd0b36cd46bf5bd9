import { Readable } from 'node:stream'
import { contentSize, decryptStream, encryptedSize, encryptStream, HEADER_SIZE, isEncryptedFile, parseHeader, type FileHeader } from '../compliance/keys/file-cipher.js'
import { assertStorageKey, type ByteRange, type FileStorage } from './file-storage.js'

/** How a stored object opened: encrypted (with its header and sizes) or stored in the clear before encryption at rest. */
type Opened = { encrypted: true; header: FileHeader; stored: number; size: number; lastIndex: number } | { encrypted: false; size: number }

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

/**
 * File bytes encrypted at rest with the app's data key (see `compliance/keys/file-cipher.ts` for the
 * chunked format), over any {@link FileStorage} (local disk, S3). The app is the first segment of
 * the storage key (`<appId>/<fileId>`). Writes and reads stream one 64 KiB chunk at a time; a range
 * reads only the chunks that hold it; `stat` answers the content's size. Objects stored before
 * encryption at rest (no header) are read as they are, and {@link encryptInPlace} converts them.
 *
 * @example
 * ```ts
 * const files = new EncryptedFileStorage(new LocalFileStorage(dir), (appId) => keyring.dataKey(appId))
 * await files.put('app_1/f_1', stream, { size, contentType }) // on disk: \x89WBF… chunks
 * ```
 */
export class EncryptedFileStorage implements FileStorage {
  constructor(
    private readonly inner: FileStorage,
    private readonly dataKeyOf: (appId: string) => Promise<Buffer>,
  ) {}

  get kind(): FileStorage['kind'] {
    return this.inner.kind
  }

  private appOf(key: string): string {
    assertStorageKey(key)
    return key.split('/')[0]!
  }

  async put(key: string, body: Readable | Buffer, info: { size: number; contentType: string; sha256?: string }): Promise<void> {
    const dataKey = await this.dataKeyOf(this.appOf(key))
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body
    const sealed = encryptStream(dataKey, key)
    source.on('error', (error) => sealed.destroy(error))
    // The inner storage checks the stored size, so content of any other size than announced fails the write.
    await this.inner.put(key, source.pipe(sealed), { size: encryptedSize(info.size), contentType: 'application/octet-stream' })
  }

  private async open(key: string): Promise<Opened | undefined> {
    const stat = await this.inner.stat(key)
    if (!stat) return undefined
    if (stat.size < HEADER_SIZE) return { encrypted: false, size: stat.size }
    const headStream = await this.inner.get(key, { start: 0, end: HEADER_SIZE - 1 })
    if (!headStream) return undefined
    const head = await readAll(headStream)
    if (!isEncryptedFile(head)) return { encrypted: false, size: stat.size }
    const header = parseHeader(head)
    return { encrypted: true, header, stored: stat.size, ...contentSize(stat.size, header.chunkSize) }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    const appId = this.appOf(key)
    const opened = await this.open(key)
    if (!opened) return undefined
    if (!opened.encrypted) return this.inner.get(key, range)
    const { header, size, lastIndex, stored } = opened
    const start = range?.start ?? 0
    const end = Math.min(range?.end ?? size - 1, size - 1)
    const length = Math.max(0, end - start + 1)
    const segment = header.chunkSize + 16
    const firstIndex = Math.min(Math.floor(start / header.chunkSize), lastIndex)
    const endIndex = length === 0 ? firstIndex : Math.floor(end / header.chunkSize)
    const from = HEADER_SIZE + firstIndex * segment
    const to = Math.min(HEADER_SIZE + (endIndex + 1) * segment, stored) - 1
    const dataKey = await this.dataKeyOf(appId)
    const sealed = await this.inner.get(key, { start: from, end: to })
    if (!sealed) return undefined
    const plain = decryptStream(dataKey, key, header, { firstIndex, lastIndex, skip: start - firstIndex * header.chunkSize, length })
    sealed.on('error', (error) => plain.destroy(error))
    return sealed.pipe(plain)
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    this.appOf(key)
    const opened = await this.open(key)
    return opened && { size: opened.size }
  }

  delete(key: string): Promise<void> {
    this.appOf(key)
    return this.inner.delete(key)
  }

  /** Whether the key holds bytes stored in the clear (before encryption at rest); undefined when it holds nothing. */
  async isPlain(key: string): Promise<boolean | undefined> {
    const opened = await this.open(key)
    return opened && !opened.encrypted
  }

  /**
   * Encrypts an object stored in the clear, streaming it through a copy that replaces it
   * (atomically on local disk, as one PUT on S3), streaming. Answers false when it was encrypted already or is gone.
   */
  async encryptInPlace(key: string): Promise<boolean> {
    const opened = await this.open(key)
    if (!opened || opened.encrypted) return false
    const source = await this.inner.get(key)
    if (!source) return false
    // On local disk the write goes to a new file renamed into place; on S3 the GET reads the object
    // as it was when asked for while the PUT uploads the replacement: neither reads what it writes.
    await this.put(key, source, { size: opened.size, contentType: 'application/octet-stream' })
    return true
  }
}
