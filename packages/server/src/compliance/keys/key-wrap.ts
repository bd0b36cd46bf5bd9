import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { MasterKey } from './master-key.js'

const VERSION = 'k1'
const aad = (appId: string) => Buffer.from(`warbler app data key:${appId}`, 'utf8')

/**
 * Wraps an app's 32-byte data key with the master key (AES-256-GCM, the app id as associated
 * data, so a wrapped key copied onto another app's row does not open). Reads `k1:<iv>:<tag>:<key>`
 * in base64url.
 */
export function wrapDataKey(master: MasterKey, appId: string, dataKey: Buffer): string {
  if (dataKey.length !== 32) throw new Error('A data key is 32 bytes')
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', master.key, iv)
  cipher.setAAD(aad(appId))
  const data = Buffer.concat([cipher.update(dataKey), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':')
}

/** Unwraps what {@link wrapDataKey} made for the same app; throws when the master key, the app or the text is wrong. */
export function unwrapDataKey(master: MasterKey, appId: string, wrapped: string): Buffer {
  const [version, iv, tag, data] = wrapped.split(':')
  if (version !== VERSION || !iv || !tag || !data) throw new Error('unknown wrapped key format')
  const decipher = createDecipheriv('aes-256-gcm', master.key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(aad(appId))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  const key = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()])
  if (key.length !== 32) throw new Error('unwrapped key is not 32 bytes')
  return key
}
