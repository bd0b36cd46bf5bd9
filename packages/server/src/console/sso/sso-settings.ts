import type { ConsoleRole } from '../../storage/console-store.js'
import { CONSOLE_ROLES } from '../roles.js'

/** How the console signs people in with an OpenID Connect provider (`WARBLER_OIDC_*`). */
export interface SsoSettings {
  /** The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: URL
  clientId: string
  /** Absent for a public client (PKCE only). */
  clientSecret?: string
  /** The callback registered at the provider: `https://<host>/api/v1/console/sso/callback`. */
  redirectUri: URL
  /** Shown on the sign-in page: "Sign in with <providerName>". */
  providerName: string
  scopes: string
  /** Dotted path of the claim holding groups or roles (`groups`, `roles`, `realm_access.roles`). */
  roleClaim: string
  /** Claim value → console role; several matches give the most powerful role. */
  roleMap: ReadonlyMap<string, ConsoleRole>
  /** Claim holding the e-mail (`email`; Azure AD without the optional claim: `preferred_username`). */
  emailClaim: string
  /** Accept an e-mail the provider does not mark `email_verified: true` (providers that manage every address, like Azure AD). */
  trustEmail: boolean
  /** Extra hosts the server may reach for discovery, keys and tokens although internal (`WARBLER_OUTBOUND_ALLOWLIST` applies too). */
  outboundAllowlist: string[]
}

const ROLE_SET = new Set<string>(CONSOLE_ROLES)

/** Parses `WARBLER_OIDC_ROLE_MAP`: `claimValue=role` pairs separated by commas (`;` too, for values with commas). */
export function parseRoleMap(text: string): Map<string, ConsoleRole> {
  const map = new Map<string, ConsoleRole>()
  for (const pair of text.split(text.includes(';') ? ';' : ',')) {
    if (pair.trim() === '') continue
    const index = pair.lastIndexOf('=')
    const value = index > 0 ? pair.slice(0, index).trim() : ''
    const role = index > 0 ? pair.slice(index + 1).trim().toLowerCase() : ''
    if (!value || !ROLE_SET.has(role)) {
      throw new Error(`WARBLER_OIDC_ROLE_MAP: "${pair.trim()}" is not claimValue=role with a role of ${CONSOLE_ROLES.join(', ')}`)
    }
    map.set(value, role as ConsoleRole)
  }
  return map
}

/** The scopes with `openid` (without it the provider sends no ID token). */
function withOpenid(scopes: string): string {
  const list = scopes.split(/\s+/).filter(Boolean)
  return (list.includes('openid') ? list : ['openid', ...list]).join(' ')
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

function url(name: string, value: string): URL {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new Error(`${name}: "${value}" is not a URL`)
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))) {
    throw new Error(`${name}: must be https:// (http:// only on localhost)`)
  }
  return parsed
}

/**
 * SSO settings from the environment, or undefined when `WARBLER_OIDC_ISSUER` is unset (SSO off).
 * A missing or malformed setting throws, naming the variable, so the node does not start half
 * configured.
 */
export function loadSsoSettings(environment: Record<string, string | undefined> = process.env): SsoSettings | undefined {
  const value = (name: string) => {
    const text = environment[name]?.trim()
    return text ? text : undefined
  }
  const issuerText = value('WARBLER_OIDC_ISSUER')
  if (!issuerText) return undefined
  const required = (name: string) => {
    const text = value(name)
    if (!text) throw new Error(`${name} is required when WARBLER_OIDC_ISSUER is set`)
    return text
  }
  const issuer = url('WARBLER_OIDC_ISSUER', issuerText)
  const redirectUri = url('WARBLER_OIDC_REDIRECT_URI', required('WARBLER_OIDC_REDIRECT_URI'))
  if (!redirectUri.pathname.endsWith('/api/v1/console/sso/callback')) {
    throw new Error('WARBLER_OIDC_REDIRECT_URI must end with /api/v1/console/sso/callback')
  }
  const roleMap = parseRoleMap(required('WARBLER_OIDC_ROLE_MAP'))
  if (roleMap.size === 0) throw new Error('WARBLER_OIDC_ROLE_MAP maps no claim value to a role')
  const trust = value('WARBLER_OIDC_TRUST_EMAIL')?.toLowerCase()
  if (trust !== undefined && !['1', '0', 'true', 'false', 'yes', 'no'].includes(trust)) throw new Error('WARBLER_OIDC_TRUST_EMAIL must be true or false')
  const clientSecret = value('WARBLER_OIDC_CLIENT_SECRET')
  return {
    issuer,
    clientId: required('WARBLER_OIDC_CLIENT_ID'),
    ...(clientSecret ? { clientSecret } : {}),
    redirectUri,
    providerName: (value('WARBLER_OIDC_PROVIDER_NAME') ?? issuer.hostname).slice(0, 60),
    scopes: withOpenid(value('WARBLER_OIDC_SCOPES') ?? 'openid email profile'),
    roleClaim: value('WARBLER_OIDC_ROLE_CLAIM') ?? 'groups',
    roleMap,
    emailClaim: value('WARBLER_OIDC_EMAIL_CLAIM') ?? 'email',
    trustEmail: trust === '1' || trust === 'true' || trust === 'yes',
    outboundAllowlist: (value('WARBLER_OUTBOUND_ALLOWLIST') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean),
  }
}
