import { WarblerError } from '@warbler/protocol'
import { hashSecret, newSecret } from '../../auth/secrets.js'
import type { ConsoleRole } from '../../storage/console-store.js'
import type { ServerContext } from '../../server-context.js'
import type { ConsoleAccountView, RequestOrigin } from '../console-service.js'
import { toAccountView } from '../console-service.js'
import { claimAt, mapRole } from './role-mapping.js'
import type { SsoSettings } from './sso-settings.js'

/** Why a person the provider vouched for is still not let in. */
export type SsoRefusal = 'no_role' | 'no_email' | 'email_unverified' | 'disabled'

/** The outcome of an SSO sign-in. */
export type SsoSignInResult =
  | { ok: true; sessionId: string; account: ConsoleAccountView; expiresAt: number; created: boolean; roleChanged: boolean; mappedRole: ConsoleRole; keptRole?: ConsoleRole }
  | { ok: false; reason: SsoRefusal; email: string | null; subject: string | null }

/** The e-mail a claim holds, lower case, when it looks like one. */
function emailOf(claims: Record<string, unknown>, claim: string): string | null {
  const value = claimAt(claims, claim)
  if (typeof value !== 'string') return null
  const email = value.trim().toLowerCase()
  return email.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null
}

/**
 * Turns the verified claims of a provider into a console session. The console account is found by
 * e-mail (only an e-mail the provider verified, unless `trustEmail`), created on first sign-in
 * ("just in time", with an unusable random password, so it signs in through the provider only) and
 * given the role the claims map to on every sign-in: the provider decides, and a role taken away
 * there is taken away here at the next sign-in. Someone whose claims map to no role is refused and
 * no account is created. The last active owner keeps the owner role (the console never loses its
 * last owner).
 */
export async function ssoSignIn(context: ServerContext, settings: SsoSettings, claims: Record<string, unknown>, origin: RequestOrigin): Promise<SsoSignInResult> {
  const subject = typeof claims.sub === 'string' ? claims.sub.slice(0, 200) : null
  const email = emailOf(claims, settings.emailClaim)
  if (!email) return { ok: false, reason: 'no_email', email: null, subject }
  const verified = claims.email_verified === true || claims.email_verified === 'true'
  if (!verified && !settings.trustEmail) return { ok: false, reason: 'email_unverified', email, subject }
  const role = mapRole(claims, settings.roleClaim, settings.roleMap)
  if (!role) return { ok: false, reason: 'no_role', email, subject }

  const store = context.console.store
  let record = await store.getAccountByEmail(email)
  let created = false
  if (!record) {
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : undefined
    try {
      await context.console.createAccount({ email, password: newSecret('sso'), role, ...(name ? { name } : {}) })
      created = true
    } catch (error) {
      // Two sign-ins of the same new person at once: the other one created the account.
      if (!(WarblerError.isInstance(error) && error.code === 'already_exists')) throw error
    }
    record = await store.getAccountByEmail(email)
    if (!record) throw new WarblerError('internal', 'The console account was not stored.')
  }
  if (record.disabled) return { ok: false, reason: 'disabled', email, subject }

  let account = toAccountView(record)
  let roleChanged = false
  let keptRole: ConsoleRole | undefined
  if (account.role !== role) {
    try {
      account = await context.console.updateAccount(account.id, { role })
      roleChanged = true
    } catch (error) {
      if (!(WarblerError.isInstance(error) && error.code === 'conflict')) throw error
      keptRole = account.role
    }
  }
  const sessionId = newSecret('wcs')
  const now = context.console.now()
  const expiresAt = now + context.console.sessionTtlMs
  await store.createSession({ idHash: hashSecret(sessionId), accountId: account.id, createdAt: now, expiresAt, ip: origin.ip, userAgent: origin.userAgent })
  await store.deleteExpiredSessions(now)
  return { ok: true, sessionId, account, expiresAt, created, roleChanged, mappedRole: role, ...(keptRole ? { keptRole } : {}) }
}
