import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import type { AddressPolicy } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'

/** Resolves a host name to its addresses (replaceable in tests). */
export type ResolveHost = (hostname: string) => Promise<string[]>

const resolveWithDns: ResolveHost = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address)

/**
 * Refuses a provider base URL that points at an internal address (loopback, private, link-local,
 * cloud metadata…) unless the operator allowlisted it with `WARBLER_OUTBOUND_ALLOWLIST` — an app's
 * admin must not be able to make the server post to internal services. Checked when a bot is
 * created or changed (a later DNS change is not re-checked per request).
 */
export async function checkProviderAddress(baseUrl: string, policy: AddressPolicy, resolve: ResolveHost = resolveWithDns): Promise<void> {
  const hostname = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  try {
    addresses = isIP(hostname) ? [hostname] : await resolve(hostname)
  } catch {
    throw new WarblerError('validation_failed', `provider.baseUrl: the host ${hostname} could not be resolved.`)
  }
  const refused = addresses.find((address) => !policy.allows(address))
  if (refused !== undefined || addresses.length === 0) {
    throw new WarblerError(
      'validation_failed',
      `provider.baseUrl: ${hostname} is an internal address (${refused ?? 'none'}); an operator can allow it with WARBLER_OUTBOUND_ALLOWLIST.`,
    )
  }
}
