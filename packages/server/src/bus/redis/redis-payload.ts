/**
 * Bus payloads are JavaScript strings, which may hold lone surrogates that UTF-8 cannot carry. A
 * well-formed string goes over Redis as `u` + its UTF-8 bytes; any other as `j` + its JSON form
 * (JSON escapes lone surrogates as ASCII), so every string arrives unchanged.
 */
export function encodePayload(payload: string): Buffer {
  return isWellFormed(payload) ? Buffer.from(`u${payload}`, 'utf8') : Buffer.from(`j${JSON.stringify(payload)}`, 'utf8')
}

/** Reverses {@link encodePayload}. */
export function decodePayload(bytes: Buffer): string {
  const text = bytes.toString('utf8')
  return text.startsWith('j') ? (JSON.parse(text.slice(1)) as string) : text.slice(1)
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value)
}
