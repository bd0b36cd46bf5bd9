import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { WarblerError } from '@warbler/protocol'
import type { SettingStore } from '../storage/storage.js'

const SETTING = 'files.url-signing-key'

/** What a download URL grants: one variant of one file of one app, until `exp` (unix seconds). */
export interface DownloadGrant {
  appId: string
  fileId: string
  variant: 'original' | 'thumb'
  exp: number
}

/**
 * Signs and checks download URLs: `/files/<fileId>?app=<appId>&exp=<unix s>&sig=<hex>` (plus
 * `variant=thumb`), an HMAC over app, file, expiry and variant keyed by a server secret kept in the
 * settings table (shared by every node).
 */
export class FileUrlSigner {
  private constructor(private readonly key: Buffer) {}

  /** Loads the server key, making it on first use. */
  static async load(settings: SettingStore): Promise<FileUrlSigner> {
    const key = await settings.setIfAbsent(SETTING, randomBytes(32).toString('base64url'))
    return new FileUrlSigner(Buffer.from(key, 'base64url'))
  }

  private mac(grant: DownloadGrant): Buffer {
    return createHmac('sha256', this.key).update(`${grant.appId}\n${grant.fileId}\n${grant.exp}\n${grant.variant}`).digest()
  }

  /** The relative download URL for a grant. */
  url(grant: DownloadGrant): string {
    const query = new URLSearchParams({ app: grant.appId, exp: String(grant.exp) })
    if (grant.variant !== 'original') query.set('variant', grant.variant)
    query.set('sig', this.mac(grant).toString('hex'))
    return `/files/${encodeURIComponent(grant.fileId)}?${query}`
  }

  /** Checks a download request; throws `forbidden` for a tampered or expired link. */
  verify(fileId: string, query: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): DownloadGrant {
    const appId = typeof query.app === 'string' ? query.app : ''
    const expText = typeof query.exp === 'string' ? query.exp : ''
    const sig = typeof query.sig === 'string' ? query.sig : ''
    const variant = query.variant === undefined ? 'original' : query.variant
    if (!appId || !/^\d{1,12}$/.test(expText) || !/^[0-9a-f]{64}$/.test(sig) || (variant !== 'original' && variant !== 'thumb')) {
      throw new WarblerError('forbidden', 'The download link is not valid.')
    }
    const grant: DownloadGrant = { appId, fileId, variant, exp: Number(expText) }
    if (!timingSafeEqual(this.mac(grant), Buffer.from(sig, 'hex'))) throw new WarblerError('forbidden', 'The download link is not valid.')
    if (grant.exp < nowSeconds) throw new WarblerError('forbidden', 'The download link has expired; ask for a new one.')
    return grant
  }
}
