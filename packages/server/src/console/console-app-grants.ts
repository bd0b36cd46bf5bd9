import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { bearerToken, newSecret } from '../auth/secrets.js'
import type { ConsoleRole } from '../storage/console-store.js'

/** A signed-in console account acting on exactly one app through the console's app API proxy. */
export interface ConsoleAppPrincipal {
  appId: string
  accountEmail: string
  role: ConsoleRole
}

/** The prefix of a grant token (`Authorization: Bearer wcg_…`). */
const GRANT_PREFIX = 'wcg_'

/** A grant not claimed within this time is void (the proxy claims it within the same tick). */
const GRANT_TTL_MS = 30_000

/**
 * Single-use, in-process credentials the console proxy hands to the one request it forwards. A grant
 * names one app and one console account; the request that claims it (see {@link claim}) carries that
 * principal, and nothing else: the authenticator accepts it only for app routes of that app, never
 * as the operator. Grants never leave the process (the proxy forwards with `fastify.inject`), are
 * random (256 bits), and die when claimed, when the forwarded call ends, or after 30 s.
 */
export class ConsoleAppGrants {
  readonly #pending = new Map<string, { principal: ConsoleAppPrincipal; expiresAt: number }>()
  readonly #claimed = new WeakMap<IncomingMessage, ConsoleAppPrincipal>()

  constructor(private readonly now: () => number = Date.now) {}

  /** A new grant for one forwarded request; pass it as `Authorization: Bearer <grant>`. */
  issue(principal: ConsoleAppPrincipal): string {
    const grant = newSecret('wcg')
    this.#pending.set(grant, { principal: { ...principal }, expiresAt: this.now() + GRANT_TTL_MS })
    return grant
  }

  /** Voids a grant (the proxy calls this when the forwarded call has ended, claimed or not). */
  void(grant: string): void {
    this.#pending.delete(grant)
  }

  /**
   * Binds the principal of the grant a request carries to that request, once. Returns undefined when
   * the request carries no grant; throws `unauthenticated` when it carries one that is unknown,
   * already used or expired.
   */
  claim(request: FastifyRequest): ConsoleAppPrincipal | undefined {
    const token = bearerToken(request.headers.authorization)
    if (!token?.startsWith(GRANT_PREFIX)) return undefined
    const pending = this.#pending.get(token)
    this.#pending.delete(token)
    if (!pending || pending.expiresAt <= this.now()) throw new WarblerError('unauthenticated', 'The console grant is not valid.')
    this.#claimed.set(request.raw, pending.principal)
    return pending.principal
  }

  /** The console principal a request claimed, if any. */
  principalOf(request: FastifyRequest): ConsoleAppPrincipal | undefined {
    return this.#claimed.get(request.raw)
  }
}
