import type { AddressPolicy } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'

/**
 * Refuses a provider base URL that points at an internal address (loopback, private, link-local,
 * cloud metadata…) unless the operator allowlisted it with `WARBLER_OUTBOUND_ALLOWLIST` — an app's
 * admin must not be able to make the server post to internal services. Checked when a bot is
 * created or changed, for a clear 400; every request to the provider is checked again by the
 * guarded client (redirects and later DNS answers included). The error does not say what the name
 * resolved to.
 */
export async function checkProviderAddress(baseUrl: string, policy: AddressPolicy): Promise<void> {
  try {
    await policy.check(baseUrl)
  } catch (error) {
    if (!WarblerError.isInstance(error)) throw error
    throw new WarblerError('validation_failed', `provider.baseUrl: ${error.message}`)
  }
}
