import * as oidc from 'openid-client'
import { AddressPolicy, createGuardedFetch } from '@warbler/ai/net'
import type { Logger } from '../../observability/logger.js'
import type { SsoFlow } from './flow-cookie.js'
import type { SsoSettings } from './sso-settings.js'

/** How long after a failed discovery the provider is asked again. */
export const DISCOVERY_RETRY_MS = 10_000

/** How long a sign-in attempt may take at the provider. */
export const FLOW_TTL_MS = 10 * 60 * 1000

/**
 * An error of openid-client with what it wraps: the library's own message is generic ("invalid
 * response encountered"); the causes say which check failed (the state parameter, the nonce claim).
 */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    parts.push(current.message)
    const claim = (current.cause as { claim?: unknown } | undefined)?.claim
    if (typeof claim === 'string') parts.push(`claim ${claim}`)
    current = current.cause
  }
  return parts.join(': ').slice(0, 300)
}

/** Why the provider's answer was not accepted (the callback shows it in words). */
export class SsoFailure extends Error {
  constructor(
    readonly reason: 'provider_error' | 'invalid_response' | 'provider_unreachable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * The console's OpenID Connect relying party over `openid-client`: discovery (once, retried after a
 * failure), the authorization request (code flow, PKCE S256, state, nonce) and the callback (code
 * exchange; state, nonce, issuer, audience, signature and expiry of the ID token checked by the
 * library), then the claims of the ID token merged over those of the userinfo endpoint. Every call
 * to the provider goes through the guarded client, allowed to reach the issuer's host.
 */
export class OidcClient {
  #configuration: Promise<oidc.Configuration> | undefined
  #failedAt = Number.NEGATIVE_INFINITY
  readonly #fetch: oidc.CustomFetch

  constructor(
    private readonly settings: SsoSettings,
    private readonly logger: Logger,
  ) {
    const policy = new AddressPolicy([...settings.outboundAllowlist, settings.issuer.hostname.replace(/^\[|\]$/g, '')])
    const guarded = createGuardedFetch({ policy, timeoutMs: 10_000, maxResponseBytes: 1024 * 1024 })
    this.#fetch = (url, options) => guarded(url, options as RequestInit)
  }

  /**
   * The provider's configuration, discovered once. After a failed discovery the next attempt waits
   * {@link DISCOVERY_RETRY_MS} (until then sign-ins fail at once), so a provider that is down is not
   * asked again on every click, or on every request of someone hammering `/sso/start`.
   */
  configuration(now = Date.now()): Promise<oidc.Configuration> {
    if (!this.#configuration && now - this.#failedAt < DISCOVERY_RETRY_MS) {
      return Promise.reject(new SsoFailure('provider_unreachable', 'The sign-in provider could not be reached.'))
    }
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined
      this.#failedAt = Date.now()
      this.logger.warn({ err: error, issuer: this.settings.issuer.href }, 'OpenID Connect discovery failed')
      throw new SsoFailure('provider_unreachable', 'The sign-in provider could not be reached.', { cause: error })
    })
    return this.#configuration
  }

  async #discover(): Promise<oidc.Configuration> {
    const insecure = this.settings.issuer.protocol === 'http:'
    const options: oidc.DiscoveryRequestOptions = { [oidc.customFetch]: this.#fetch, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) }
    const { clientId, clientSecret } = this.settings
    const discovered = await oidc.discovery(this.settings.issuer, clientId, undefined, clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(), options)
    const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported
    // Basic is the default the specification names; use post only where the provider offers post and not basic.
    if (!clientSecret || !methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) return discovered
    const configuration = new oidc.Configuration(discovered.serverMetadata(), clientId, undefined, oidc.ClientSecretPost(clientSecret))
    configuration[oidc.customFetch] = this.#fetch
    if (insecure) oidc.allowInsecureRequests(configuration)
    return configuration
  }

  /** A new attempt and the provider URL that starts it. */
  async start(now: number): Promise<{ flow: SsoFlow; url: URL }> {
    const configuration = await this.configuration()
    const flow: SsoFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), expiresAt: now + FLOW_TTL_MS }
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri.href,
      response_type: 'code',
      scope: this.settings.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    })
    return { flow, url }
  }

  /**
   * Completes an attempt from the callback's query string: the claims of the signed-in person.
   * Throws {@link SsoFailure}: `provider_error` when the provider answered with an error (the person
   * cancelled, or is not assigned to the app), `invalid_response` when state, nonce, issuer, code or
   * ID token do not hold.
   */
  async finish(query: string, flow: SsoFlow): Promise<Record<string, unknown>> {
    const configuration = await this.configuration()
    const params = new URLSearchParams(query)
    if (params.has('error')) {
      throw new SsoFailure('provider_error', `The provider answered ${params.get('error')?.slice(0, 100)}: ${params.get('error_description')?.slice(0, 300) ?? ''}`)
    }
    const current = new URL(this.settings.redirectUri.href)
    current.search = params.toString()
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      })
    } catch (error) {
      throw new SsoFailure('invalid_response', `The provider's answer was refused: ${describe(error)}`, { cause: error })
    }
    const idClaims = tokens.claims()
    if (!idClaims) throw new SsoFailure('invalid_response', 'The provider sent no ID token.')
    let userinfo: Record<string, unknown> = {}
    if (configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
      } catch (error) {
        this.logger.warn({ err: error }, 'OpenID Connect userinfo failed; using the ID token claims alone')
      }
    }
    return { ...userinfo, ...idClaims }
  }
}
