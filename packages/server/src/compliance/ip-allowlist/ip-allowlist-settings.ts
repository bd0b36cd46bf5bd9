import { CidrList } from './cidr-list.js'

/** The two allowlists; an absent one lets every address through. */
export interface IpAllowlistSettings {
  /** The console: its pages (`/console…`) and its API (`/api/v1/console/…`). `WARBLER_CONSOLE_IP_ALLOWLIST`. */
  console?: CidrList
  /** Every request carrying the operator key or an app secret. `WARBLER_ADMIN_IP_ALLOWLIST`. */
  admin?: CidrList
}

/**
 * Reads `WARBLER_CONSOLE_IP_ALLOWLIST` and `WARBLER_ADMIN_IP_ALLOWLIST` (comma-separated IPv4 and
 * IPv6 addresses and CIDR ranges). Unset or blank means no restriction; a malformed entry throws,
 * naming the variable, so the node does not start with a list it misread.
 */
export function loadIpAllowlistSettings(environment: Record<string, string | undefined> = process.env): IpAllowlistSettings {
  const read = (name: string): CidrList | undefined => {
    const value = environment[name]
    if (value === undefined || value.trim() === '') return undefined
    const list = CidrList.parse(value, name)
    return list.empty ? undefined : list
  }
  const consoleList = read('WARBLER_CONSOLE_IP_ALLOWLIST')
  const adminList = read('WARBLER_ADMIN_IP_ALLOWLIST')
  return { ...(consoleList ? { console: consoleList } : {}), ...(adminList ? { admin: adminList } : {}) }
}
