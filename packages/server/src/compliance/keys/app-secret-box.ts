import { createCipheriv, createDecipheriv, createHmac, hash, randomFillSync } from 'node:crypto'

/** What callers seal secrets with: the shape of the server's `SecretBox`, so either fits. */
export interface SecretSealer {
  /** Encrypts a UTF-8 string. */
  encrypt(plaintext: string): string
  /** Decrypts what `encrypt` produced; throws when the key or the text is wrong. */
  decrypt(ciphertext: string): string
}

const VERSION = 'a1'
const LETTERS = 'abcdefghijklmnop'
/** Each byte as two of the letters a–p (high nibble first). */
const BYTE_LETTERS = Array.from({ length: 256 }, (_, byte) => LETTERS[byte >> 4]! + LETTERS[byte & 15]!)
/** Terms per generation of the token cache: the cache holds the last one to two generations. */
const TOKEN_GENERATION_SIZE = 5_000

/**
 * Random 96-bit GCM nonces, drawn from the system CSPRNG a thousand at a time: one `randomBytes`
 * call per message cost more than the cipher itself. Every nonce is still fresh random bytes, used once.
 */
const NONCE_BYTES = 12
const noncePool = Buffer.alloc(NONCE_BYTES * 1024)
let nonceAt = noncePool.length

function nextNonce(): Buffer {
  if (nonceAt === noncePool.length) {
    randomFillSync(noncePool)
    nonceAt = 0
  }
  // A copy: the pool is refilled in place once it is used up.
  const nonce = Buffer.from(noncePool.subarray(nonceAt, nonceAt + NONCE_BYTES))
  nonceAt += NONCE_BYTES
  return nonce
}

/**
 * Seals an app's secrets with the app's data key (AES-256-GCM, `a1:<iv>:<tag>:<data>` in
 * base64url). It still opens secrets sealed before encryption at rest with the server's one key
 * (`v1:…`, the `legacy` box), so existing rows keep working; whatever is written again is sealed
 * with the app's key.
 *
 * @example
 * ```ts
 * const box = await keyring.box(appId)
 * const stored = box.encrypt('sk-...') // 'a1:…'
 * box.decrypt(stored) // 'sk-...'
 * ```
 */
export class AppSecretBox implements SecretSealer {
  /** The blind index key (hex): derived from the data key, so shredding the data key takes it too. */
  private readonly indexKey: string
  /**
   * Recent terms' tokens, in two generations (a term found in the older one moves to the newer):
   * a hash costs a microsecond, and a conversation's words repeat. Not one Map evicted from the
   * front: V8 skips the deleted entries at a Map's start on every `keys().next()`, which made each
   * new term cost ≈ 8 µs once the cache was full.
   */
  private tokens = new Map<string, string>()
  private olderTokens = new Map<string, string>()

  constructor(
    private readonly dataKey: Buffer,
    private readonly legacy?: SecretSealer,
  ) {
    if (dataKey.length !== 32) throw new Error('AppSecretBox needs a 32-byte key')
    this.indexKey = createHmac('sha256', dataKey).update('warbler blind index v1').digest('hex')
  }

  /**
   * A search term's blind token: a keyed hash (SHA-256 of the index key, a NUL and the term, cut to
   * 64 bits, so no length extension applies; one-shot hashing costs less than half an HMAC on the
   * send path) spelled in the letters a–p, so FTS5's and PostgreSQL's tokenizers keep it one word.
   * The same term gives the same token within the app (search and ranking still work); without
   * the key the tokens say nothing.
   */
  blind(term: string): string {
    const known = this.tokens.get(term)
    if (known !== undefined) return known
    let token = this.olderTokens.get(term)
    if (token === undefined) {
      const d = hash('sha256', `${this.indexKey}\u0000${term}`, 'buffer')
      token = BYTE_LETTERS[d[0]!]! + BYTE_LETTERS[d[1]!]! + BYTE_LETTERS[d[2]!]! + BYTE_LETTERS[d[3]!]! + BYTE_LETTERS[d[4]!]! + BYTE_LETTERS[d[5]!]! + BYTE_LETTERS[d[6]!]! + BYTE_LETTERS[d[7]!]!
    }
    if (this.tokens.size >= TOKEN_GENERATION_SIZE) {
      this.olderTokens = this.tokens
      this.tokens = new Map()
    }
    this.tokens.set(term, token)
    return token
  }

  /**
   * The data key itself, for the storage's writer thread, which seals appended messages with it off
   * the event loop (`storage/sealing-append.ts`). Nothing else should need it.
   */
  get writerKey(): Buffer {
    return this.dataKey
  }

  encrypt(plaintext: string): string {
    const iv = nextNonce()
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv)
    const data = cipher.update(plaintext, 'utf8')
    const rest = cipher.final()
    const sealed = rest.length === 0 ? data : Buffer.concat([data, rest])
    return `${VERSION}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`
  }

  decrypt(ciphertext: string): string {
    if (isLegacySealed(ciphertext)) {
      if (!this.legacy) throw new Error('sealed with the server key, which this box does not have')
      return this.legacy.decrypt(ciphertext)
    }
    const [version, iv, tag, data] = ciphertext.split(':')
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format')
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/** Whether a ciphertext was sealed with the server's one key (before encryption at rest). */
export function isLegacySealed(ciphertext: string): boolean {
  return ciphertext.startsWith('v1:')
}
