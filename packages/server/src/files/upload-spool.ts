import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { WarblerError } from '@warbler/protocol'
import { SNIFF_BYTES } from './content-type-check.js'

/** What spooling measured. */
export interface SpooledUpload {
  size: number
  sha256: string
  /** The first bytes, for type sniffing. */
  head: Buffer
}

/**
 * Streams an upload to a spool file on disk (never holding it in memory), counting, hashing and
 * keeping the first bytes. Throws `payload_too_large` as soon as it passes `maxBytes`. The spool
 * file is private (0600): an upload may hold anything.
 */
export async function spoolUpload(source: Readable, path: string, maxBytes: number): Promise<SpooledUpload> {
  const hash = createHash('sha256')
  const headParts: Buffer[] = []
  let headLength = 0
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size > maxBytes) return callback(new WarblerError('payload_too_large', `The file is larger than ${maxBytes} bytes.`))
      hash.update(chunk)
      if (headLength < SNIFF_BYTES) {
        headParts.push(chunk.subarray(0, SNIFF_BYTES - headLength))
        headLength += Math.min(chunk.length, SNIFF_BYTES - headLength)
      }
      callback(null, chunk)
    },
  })
  await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
  return { size, sha256: hash.digest('hex'), head: Buffer.concat(headParts) }
}
