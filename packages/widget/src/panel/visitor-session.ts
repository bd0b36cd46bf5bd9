import type { WidgetIdentity } from '../contract.js'
import { storedVisitorKey, storeVisitorKey } from '../session-keys.js'
import { restCall, WidgetRequestError } from './rest.js'

/** What `POST /visitors` answers. */
export interface VisitorGrant {
  userId: string
  token: string
  expiresAt: number
  visitorKey?: string
  identified: boolean
  conversationId: string
  bot: { id: string; name: string }
}

/**
 * The visitor behind this browser: an anonymous one kept in localStorage (id + key) or the site's
 * signed-in user (identity). Every call of {@link grant} returns a fresh short-lived token, which is
 * how the SDK refreshes it (`getToken`).
 */
export class VisitorSession {
  #identity: WidgetIdentity | undefined

  constructor(
    private readonly base: string,
    private readonly appId: string,
    private readonly locale: string,
    identity: WidgetIdentity | undefined,
  ) {
    this.#identity = identity
  }

  /** Switches to a signed-in user (the next grant is for them). */
  identify(identity: WidgetIdentity): void {
    this.#identity = identity
  }

  /** A token for the visitor; an anonymous visitor whose stored key is refused starts over. */
  async grant(): Promise<VisitorGrant> {
    const path = `/api/v1/apps/${encodeURIComponent(this.appId)}/visitors`
    if (this.#identity) {
      const { userId, userHash, name, email } = this.#identity
      return restCall<VisitorGrant>(this.base, path, { method: 'POST', json: { userId, userHash, ...(name ? { name } : {}), ...(email ? { email } : {}), locale: this.locale } })
    }
    const stored = storedVisitorKey(this.appId)
    try {
      const grant = await restCall<VisitorGrant>(this.base, path, { method: 'POST', json: { ...(stored ?? {}), locale: this.locale } })
      if (grant.visitorKey) storeVisitorKey(this.appId, { visitorId: grant.userId, visitorKey: grant.visitorKey })
      return grant
    } catch (error) {
      if (stored && error instanceof WidgetRequestError && error.code === 'invalid_credentials') {
        storeVisitorKey(this.appId, undefined)
        return this.grant()
      }
      throw error
    }
  }
}
