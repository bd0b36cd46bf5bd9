/** An access token and when it stops working. */
export interface AccessToken {
  token: string
  expiresAt: number
}

/**
 * Access tokens per key (an app's credentials), fetched once and reused until a minute before
 * they expire; concurrent callers share one fetch. `forget` drops a token the service refused.
 */
export class OAuthTokenCache {
  private readonly tokens = new Map<string, Promise<AccessToken>>()

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, fetchToken: () => Promise<AccessToken>): Promise<string> {
    const cached = this.tokens.get(key)
    if (cached) {
      const token = await cached.catch(() => undefined)
      if (token && token.expiresAt - 60_000 > this.now()) return token.token
      if (this.tokens.get(key) === cached) this.tokens.delete(key)
    }
    let pending = this.tokens.get(key)
    if (!pending) {
      pending = fetchToken()
      this.tokens.set(key, pending)
      pending.catch(() => this.tokens.get(key) === pending && this.tokens.delete(key))
    }
    return (await pending).token
  }

  forget(key: string): void {
    this.tokens.delete(key)
  }
}
