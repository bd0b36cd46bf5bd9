import { inflateRawSync } from 'node:zlib'
import { WarblerError } from '@warbler/protocol'
import { documentTooLarge, formatBytes } from './document-limits.js'

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated. */
  method: number
  compressedSize: number
  /** The size the directory declares; checked against the real one when the entry is read. */
  uncompressedSize: number
  localHeaderOffset: number
}

/** Limits of {@link ZipArchive}. */
export interface ZipLimits {
  maxArchiveEntries: number
  maxExtractedBytes: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL_HEADER = 0x02014b50
const LOCAL_HEADER = 0x04034b50
/** The parts a text extractor reads; media and embedded objects are never inflated. */
const TEXT_PART = /\.(xml|rels)$/i

/**
 * A zip archive read with limits, for DOCX. The central directory is read first: too many entries,
 * or text parts that declare more than `maxExtractedBytes` in all, fail before anything inflates.
 * Each read then inflates against what is left of that budget (zlib's `maxOutputLength`), so an
 * entry that lies about its size stops at the budget too. Encrypted entries and methods other than
 * stored and deflate are refused.
 */
export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>()
  private inflated = 0

  constructor(
    private readonly data: Uint8Array,
    private readonly limits: ZipLimits,
  ) {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const { count, offset, size } = readDirectoryLocation(buffer)
    if (count > limits.maxArchiveEntries) throw tooManyEntries(count, limits)
    let declaredText = 0
    let position = offset
    const end = offset + size
    if (end > buffer.length) throw corrupt('its central directory runs past the end of the file')
    while (position < end) {
      if (this.entries.size >= limits.maxArchiveEntries) throw tooManyEntries(`more than ${limits.maxArchiveEntries}`, limits)
      const entry = readCentralHeader(buffer, position)
      position = entry.next
      this.entries.set(entry.name, entry)
      if (TEXT_PART.test(entry.name)) declaredText += entry.uncompressedSize
    }
    if (declaredText > limits.maxExtractedBytes) {
      throw documentTooLarge(
        `The DOCX file's text parts inflate to ${formatBytes(declaredText)}, more than the limit of ${formatBytes(limits.maxExtractedBytes)}.`,
      )
    }
  }

  /** The entry names, in directory order. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  /** Whether the archive has an entry of this name. */
  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** Inflates one entry, counting its bytes against the archive's budget. */
  read(name: string): Buffer {
    const entry = this.entries.get(name)
    if (!entry) throw corrupt(`it has no entry "${name}"`)
    const remaining = this.limits.maxExtractedBytes - this.inflated
    if (entry.uncompressedSize > remaining) throw inflatesTooMuch(this.limits)
    const buffer = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength)
    if (entry.localHeaderOffset + 30 > buffer.length || buffer.readUInt32LE(entry.localHeaderOffset) !== LOCAL_HEADER) {
      throw corrupt(`the entry "${name}" has no local header`)
    }
    const start = entry.localHeaderOffset + 30 + buffer.readUInt16LE(entry.localHeaderOffset + 26) + buffer.readUInt16LE(entry.localHeaderOffset + 28)
    if (start + entry.compressedSize > buffer.length) throw corrupt(`the entry "${name}" runs past the end of the file`)
    const compressed = buffer.subarray(start, start + entry.compressedSize)
    let content: Buffer
    if (entry.method === 0) {
      if (compressed.length > remaining) throw inflatesTooMuch(this.limits)
      content = compressed
    } else {
      try {
        // zlib stops (ERR_BUFFER_TOO_LARGE) as soon as the output would pass what is left.
        content = compressed.length === 0 ? Buffer.alloc(0) : inflateRawSync(compressed, { maxOutputLength: Math.max(1, remaining) })
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw inflatesTooMuch(this.limits)
        throw corrupt(`the entry "${name}" does not inflate (${(error as Error).message})`)
      }
    }
    if (content.length !== entry.uncompressedSize) {
      throw corrupt(`the entry "${name}" inflates to ${content.length} bytes where the archive declares ${entry.uncompressedSize}`)
    }
    this.inflated += content.length
    return content
  }
}

function readDirectoryLocation(buffer: Buffer): { count: number; offset: number; size: number } {
  // The end-of-central-directory record is the last 22 bytes, before a comment of up to 64 KiB.
  const earliest = Math.max(0, buffer.length - 22 - 0xffff)
  let eocd = -1
  for (let position = buffer.length - 22; position >= earliest; position--) {
    if (buffer.readUInt32LE(position) === EOCD) {
      eocd = position
      break
    }
  }
  if (eocd < 0) throw corrupt('it is not a zip archive')
  let count = buffer.readUInt16LE(eocd + 10)
  let size = buffer.readUInt32LE(eocd + 12)
  let offset = buffer.readUInt32LE(eocd + 16)
  const locator = eocd - 20
  if (locator >= 0 && buffer.readUInt32LE(locator) === ZIP64_LOCATOR) {
    const record = toSafeNumber(buffer.readBigUInt64LE(locator + 8))
    if (record + 56 > buffer.length || buffer.readUInt32LE(record) !== ZIP64_EOCD) throw corrupt('its zip64 directory record is missing')
    count = toSafeNumber(buffer.readBigUInt64LE(record + 32))
    size = toSafeNumber(buffer.readBigUInt64LE(record + 40))
    offset = toSafeNumber(buffer.readBigUInt64LE(record + 48))
  }
  return { count, offset, size }
}

function readCentralHeader(buffer: Buffer, position: number): ZipEntry & { next: number } {
  if (position + 46 > buffer.length || buffer.readUInt32LE(position) !== CENTRAL_HEADER) throw corrupt('its central directory is damaged')
  const flags = buffer.readUInt16LE(position + 8)
  const method = buffer.readUInt16LE(position + 10)
  let compressedSize = buffer.readUInt32LE(position + 20)
  let uncompressedSize = buffer.readUInt32LE(position + 24)
  const nameLength = buffer.readUInt16LE(position + 28)
  const extraLength = buffer.readUInt16LE(position + 30)
  const commentLength = buffer.readUInt16LE(position + 32)
  let localHeaderOffset = buffer.readUInt32LE(position + 42)
  const next = position + 46 + nameLength + extraLength + commentLength
  if (next > buffer.length) throw corrupt('its central directory is damaged')
  const name = buffer.toString('utf8', position + 46, position + 46 + nameLength)
  // Sizes that do not fit 32 bits sit in the zip64 extra field, in this order.
  let extra = position + 46 + nameLength
  const extraEnd = extra + extraLength
  while (extra + 4 <= extraEnd) {
    const id = buffer.readUInt16LE(extra)
    const length = buffer.readUInt16LE(extra + 2)
    if (id === 0x0001) {
      let field = extra + 4
      const take = () => {
        if (field + 8 > extra + 4 + length) throw corrupt('its zip64 sizes are damaged')
        const value = toSafeNumber(buffer.readBigUInt64LE(field))
        field += 8
        return value
      }
      if (uncompressedSize === 0xffffffff) uncompressedSize = take()
      if (compressedSize === 0xffffffff) compressedSize = take()
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = take()
    }
    extra += 4 + length
  }
  if (flags & 0x1) throw new WarblerError('validation_failed', 'The DOCX file is encrypted (password-protected); save it without a password.')
  if (method !== 0 && method !== 8) throw corrupt(`the entry "${name}" uses compression method ${method}`)
  return { name, method, compressedSize, uncompressedSize, localHeaderOffset, next }
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('it declares impossible sizes')
  return Number(value)
}

function tooManyEntries(count: number | string, limits: ZipLimits): WarblerError {
  return documentTooLarge(`The DOCX file has ${count} entries, more than the limit of ${limits.maxArchiveEntries}.`)
}

function inflatesTooMuch(limits: ZipLimits): WarblerError {
  return documentTooLarge(`The DOCX file inflates to more than the limit of ${formatBytes(limits.maxExtractedBytes)}.`)
}

function corrupt(reason: string): WarblerError {
  return new WarblerError('validation_failed', `The DOCX file could not be read: ${reason}.`)
}
