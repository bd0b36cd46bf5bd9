import { createCipheriv, createDecipheriv, createHmac, hash, randomBytes } from 'node:crypto'

/** What callers seal secrets with: the shape of the server's `SecretBox`, so either fits. */
export interface SecretSealer {
  /** Encrypts a UTF-8 string. */
  encrypt(plaintext: string): string
  /** Decrypts what `encrypt` produced; throws when the key or the text is wrong. */
  decrypt(ciphertext: string): string
}

const VERSION = 'a1'
const LETTERS = 'abcdefghijklmnop'
const TOKEN_CACHE_SIZE = 10_000

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
  /** Recent terms' tokens: an HMAC costs microseconds, and a conversation's words repeat. */
  private readonly tokens = new Map<string, string>()

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
    const digest = hash('sha256', `${this.indexKey}\u0000${term}`, 'buffer')
    let token = ''
    for (let index = 0; index < 8; index++) token += LETTERS[digest[index]! >> 4]! + LETTERS[digest[index]! & 15]!
    if (this.tokens.size >= TOKEN_CACHE_SIZE) this.tokens.delete(this.tokens.keys().next().value!)
    this.tokens.set(term, token)
    return token
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv)
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':')
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
