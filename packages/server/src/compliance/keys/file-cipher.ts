import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/**
 * The chunked format file contents are stored in under an app's data key:
 *
 * `header | chunk 0 | chunk 1 | … | chunk n` where the header is the 8-byte {@link FILE_MAGIC}, a
 * version byte (1), the chunk size as a power of two (one byte, 16 = 64 KiB) and a 16-byte random
 * salt; each chunk is up to one chunk size of content sealed with AES-256-GCM followed by its 16-byte
 * tag. The key of a file is HKDF-SHA256(data key, salt, "warbler file v1" ‖ storage key), so each
 * stored copy has its own key and a file copied onto another key does not open. A chunk's 12-byte
 * nonce is its index (64 bits) and a final flag, and the associated data repeats the header, the
 * index and the flag: chunks cannot be reordered, dropped, or the file cut at a chunk boundary
 * without failing authentication. There is always at least one chunk (the last, flagged final).
 */
export const FILE_MAGIC = Buffer.from([0x89, 0x57, 0x42, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]) // \x89WBF\r\n\x1a\n
const VERSION = 1
/** The header's length in bytes. */
export const HEADER_SIZE = FILE_MAGIC.length + 2 + 16
const TAG = 16
/** The default chunk size: 64 KiB of content per chunk. */
export const CHUNK_LOG2 = 16

/** A parsed header: what every chunk's key, nonce and associated data derive from. */
export interface FileHeader {
  bytes: Buffer
  chunkSize: number
  salt: Buffer
}

/** Whether stored bytes begin as an encrypted file does (files stored before encryption do not). */
export function isEncryptedFile(head: Buffer): boolean {
  return head.length >= HEADER_SIZE && head.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)
}

/** Reads the header of an encrypted file; throws on an unknown version or chunk size. */
export function parseHeader(head: Buffer): FileHeader {
  if (!isEncryptedFile(head)) throw new Error('not an encrypted file')
  const version = head[FILE_MAGIC.length]!
  const log2 = head[FILE_MAGIC.length + 1]!
  if (version !== VERSION) throw new Error(`unknown encrypted file version ${version}`)
  if (log2 < 10 || log2 > 24) throw new Error(`unsupported chunk size 2^${log2}`)
  const bytes = Buffer.from(head.subarray(0, HEADER_SIZE))
  return { bytes, chunkSize: 2 ** log2, salt: bytes.subarray(FILE_MAGIC.length + 2) }
}

/** A new header with a random salt. */
export function newHeader(chunkLog2 = CHUNK_LOG2): FileHeader {
  const bytes = Buffer.concat([FILE_MAGIC, Buffer.from([VERSION, chunkLog2]), randomBytes(16)])
  return parseHeader(bytes)
}

/** The number of chunks `size` bytes of content take (at least one). */
const chunkCount = (size: number, chunkSize: number) => Math.max(1, Math.ceil(size / chunkSize))

/** The stored size of `size` bytes of content. */
export function encryptedSize(size: number, chunkSize = 2 ** CHUNK_LOG2): number {
  return HEADER_SIZE + size + TAG * chunkCount(size, chunkSize)
}

/** The content size and last chunk index of a stored size; throws when no stored file can have that size. */
export function contentSize(stored: number, chunkSize: number): { size: number; lastIndex: number } {
  const body = stored - HEADER_SIZE
  const segment = chunkSize + TAG
  const full = Math.floor(body / segment)
  const rest = body % segment
  if (body < TAG || (rest > 0 && rest < TAG)) throw new Error('the encrypted file is truncated')
  return rest === 0 ? { size: full * chunkSize, lastIndex: full - 1 } : { size: full * chunkSize + rest - TAG, lastIndex: full }
}

/** The key of one stored file: derived from the app's data key, the header's salt and the storage key. */
export function fileKey(dataKey: Buffer, header: FileHeader, storageKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, header.salt, Buffer.from(`warbler file v1\u0000${storageKey}`, 'utf8'), 32))
}

function nonceAndAad(header: FileHeader, index: number, final: boolean): { nonce: Buffer; aad: Buffer } {
  const nonce = Buffer.alloc(12)
  nonce.writeBigUInt64BE(BigInt(index), 0)
  nonce[11] = final ? 1 : 0
  return { nonce, aad: Buffer.concat([header.bytes, nonce]) }
}

function sealChunk(key: Buffer, header: FileHeader, index: number, final: boolean, content: Buffer): Buffer {
  const { nonce, aad } = nonceAndAad(header, index, final)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(aad)
  return Buffer.concat([cipher.update(content), cipher.final(), cipher.getAuthTag()])
}

function openChunk(key: Buffer, header: FileHeader, index: number, final: boolean, sealed: Buffer): Buffer {
  const { nonce, aad } = nonceAndAad(header, index, final)
  const decipher = createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAAD(aad)
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()])
  } catch {
    throw new Error(`chunk ${index} of the encrypted file does not authenticate (wrong key, or the file was altered, reordered or cut)`)
  }
}

/** Seals bytes held in memory in the same format {@link encryptStream} writes (for small objects such as export zips). */
export function sealBytes(dataKey: Buffer, storageKey: string, content: Buffer): Buffer {
  const header = newHeader()
  const key = fileKey(dataKey, header, storageKey)
  const count = chunkCount(content.length, header.chunkSize)
  const parts = [header.bytes]
  for (let index = 0; index < count; index++) {
    parts.push(sealChunk(key, header, index, index === count - 1, content.subarray(index * header.chunkSize, (index + 1) * header.chunkSize)))
  }
  return Buffer.concat(parts)
}

/** Opens what {@link sealBytes} (or {@link encryptStream}) made for the same storage key; throws when a chunk does not authenticate. */
export function openBytes(dataKey: Buffer, storageKey: string, stored: Buffer): Buffer {
  const header = parseHeader(stored)
  const key = fileKey(dataKey, header, storageKey)
  const { lastIndex } = contentSize(stored.length, header.chunkSize)
  const segment = header.chunkSize + TAG
  const parts: Buffer[] = []
  for (let index = 0; index <= lastIndex; index++) {
    parts.push(openChunk(key, header, index, index === lastIndex, stored.subarray(HEADER_SIZE + index * segment, HEADER_SIZE + (index + 1) * segment)))
  }
  return Buffer.concat(parts)
}

/** Holds incoming buffers and hands out exact-size pieces without concatenating more than one piece. */
class Pending {
  private parts: Buffer[] = []
  length = 0
  push(part: Buffer): void {
    this.parts.push(part)
    this.length += part.length
  }
  take(count: number): Buffer {
    const out = Buffer.allocUnsafe(count)
    let filled = 0
    while (filled < count) {
      const head = this.parts[0]!
      const used = Math.min(head.length, count - filled)
      head.copy(out, filled, 0, used)
      filled += used
      if (used === head.length) this.parts.shift()
      else this.parts[0] = head.subarray(used)
    }
    this.length -= count
    return out
  }
}

/**
 * Encrypts a stream of content into the chunked format, one chunk in memory at a time: the header,
 * then each chunk as soon as the next byte shows it is not the last.
 */
export function encryptStream(dataKey: Buffer, storageKey: string, chunkLog2 = CHUNK_LOG2): Transform {
  const header = newHeader(chunkLog2)
  const key = fileKey(dataKey, header, storageKey)
  const pending = new Pending()
  let index = 0
  return new Transform({
    construct(callback) {
      this.push(header.bytes)
      callback()
    },
    transform(part: Buffer, _encoding, callback: TransformCallback) {
      pending.push(part)
      // Keep at least one byte back: only the end of the stream says which chunk is the final one.
      while (pending.length > header.chunkSize) this.push(sealChunk(key, header, index++, false, pending.take(header.chunkSize)))
      callback()
    },
    flush(callback: TransformCallback) {
      this.push(sealChunk(key, header, index, true, pending.take(pending.length)))
      callback()
    },
  })
}

/**
 * Decrypts stored chunks `firstIndex…` of an encrypted file (the stored bytes from that chunk's
 * start on) and passes on `length` bytes of content starting `skip` bytes into the first chunk.
 * `lastIndex` is the file's last chunk, which must carry the final flag. Fails the stream on any
 * chunk that does not authenticate or when the stored bytes end early.
 */
export function decryptStream(
  dataKey: Buffer,
  storageKey: string,
  header: FileHeader,
  window: { firstIndex: number; lastIndex: number; skip: number; length: number },
): Transform {
  const key = fileKey(dataKey, header, storageKey)
  const segment = header.chunkSize + TAG
  const pending = new Pending()
  let index = window.firstIndex
  let skip = window.skip
  let left = window.length
  const emit = (stream: Transform, sealed: Buffer) => {
    let content = openChunk(key, header, index, index === window.lastIndex, sealed)
    index++
    if (skip > 0) {
      content = content.subarray(skip)
      skip = 0
    }
    if (left > 0) {
      const piece = content.subarray(0, Math.min(content.length, left))
      left -= piece.length
      stream.push(piece)
    }
  }
  return new Transform({
    transform(part: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending.push(part)
        while (pending.length >= segment && index <= window.lastIndex) emit(this, pending.take(segment))
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (pending.length > 0 && index <= window.lastIndex) emit(this, pending.take(pending.length))
        if (left > 0) throw new Error('the encrypted file ended early')
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
  })
}
