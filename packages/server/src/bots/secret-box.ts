import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Encrypts small secrets at rest (bot provider API keys) with AES-256-GCM. Ciphertexts read
 * `v1:<iv>:<tag>:<data>` in base64url, so a key change can be detected and a format bump is possible.
 *
 * @example
 * ```ts
 * const box = new SecretBox(loadSecretKey(dataDir, process.env))
 * const stored = box.encrypt('sk-...')
 * box.decrypt(stored) // 'sk-...'
 * ```
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key')
  }

  /** Encrypts a UTF-8 string with a fresh 12-byte IV. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':')
  }

  /** Decrypts what {@link encrypt} produced; throws when the key or the text is wrong. */
  decrypt(ciphertext: string): string {
    const [version, iv, tag, data] = ciphertext.split(':')
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/**
 * The key for {@link SecretBox}: `WARBLER_SECRET_KEY` (64 hex characters or 32 base64 bytes; any
 * other string is hashed with SHA-256), else `<dataDir>/secret-key`, generated on first use with
 * mode 0600. Every node of a cluster must share the same key.
 */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.WARBLER_SECRET_KEY?.trim()
  if (configured) {
    if (/^[0-9a-f]{64}$/i.test(configured)) return Buffer.from(configured, 'hex')
    const decoded = Buffer.from(configured, 'base64')
    if (decoded.length === 32) return decoded
    return createHash('sha256').update(configured).digest()
  }
  const file = join(dataDir, 'secret-key')
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
  const key = randomBytes(32)
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process sharing the data dir wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
    throw error
  }
  chmodSync(file, 0o600)
  return key
}
