import { randomBytes } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A random id with a prefix (`kb_x4…`), 20 characters of base-36 after it. */
export function newId(prefix: 'kb' | 'doc' | 'chk' | 'job'): string {
  const bytes = randomBytes(20)
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte % 36]
  return `${prefix}_${id}`
}
