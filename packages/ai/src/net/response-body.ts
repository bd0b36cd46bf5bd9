import type { IncomingMessage } from 'node:http'
import { pipeline, type Readable } from 'node:stream'
import zlib from 'node:zlib'
import { WarblerError } from '@warbler/protocol'

/** How a response body is read. */
export interface BodyOptions {
  /** Most bytes (after decompression) the body may have. */
  maxBytes: number
  /** For error messages. */
  host: string
  /** Turns a stream error into what the reader sees. */
  mapError: (error: Error) => Error
  /** Called once when the body ended, failed or was cancelled. */
  onSettled: () => void
}

function decoderFor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip()
    case 'deflate':
      return zlib.createInflate()
    case 'br':
      return zlib.createBrotliDecompress()
    default:
      return undefined
  }
}

/** True when the body will be decoded (so `content-encoding` and `content-length` no longer hold). */
export function isDecoded(response: IncomingMessage): boolean {
  return decoderFor(response.headers['content-encoding']) !== undefined
}

/**
 * The body of a Node response as a WHATWG stream, decoded (gzip, deflate, br) and cut with a
 * `payload_too_large` error once more than `maxBytes` arrive, so a streaming answer still
 * streams but a huge (or decompression-bomb) one stops early. Backpressure is kept: the socket
 * is paused while the reader does not pull.
 */
export function responseBody(response: IncomingMessage, options: BodyOptions): ReadableStream<Uint8Array> {
  const decoder = decoderFor(response.headers['content-encoding'])
  const source: Readable = decoder ? pipeline(response, decoder, () => {}) : response
  let settled = false
  const settle = (): void => {
    if (settled) return
    settled = true
    options.onSettled()
  }
  let received = 0
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (settled) return
        received += chunk.length
        if (received > options.maxBytes) {
          controller.error(new WarblerError('payload_too_large', `The answer from ${options.host} is larger than ${options.maxBytes} bytes.`))
          response.destroy()
          settle()
          return
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 1) <= 0) source.pause()
      })
      source.on('end', () => {
        if (settled) return
        controller.close()
        settle()
      })
      source.on('error', (error: Error) => {
        if (settled) return
        controller.error(options.mapError(error))
        settle()
      })
    },
    pull() {
      source.resume()
    },
    cancel() {
      response.destroy()
      settle()
    },
  })
}
