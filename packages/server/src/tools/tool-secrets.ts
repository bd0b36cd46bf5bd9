import type { SecretSealer } from '../compliance/keys/app-secret-box.js'

/** Seals a map of secret headers (API keys, bearer tokens); nothing to seal gives null. */
export function sealHeaders(box: SecretSealer, headers: Record<string, string> | undefined): string | null {
  if (!headers || Object.keys(headers).length === 0) return null
  return box.encrypt(JSON.stringify(headers))
}

/** Opens what {@link sealHeaders} sealed. */
export function openHeaders(box: SecretSealer, sealed: string | null): Record<string, string> {
  return sealed === null ? {} : (JSON.parse(box.decrypt(sealed)) as Record<string, string>)
}
