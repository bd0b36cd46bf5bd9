/**
 * `@warbler/ai/net`: the one guarded HTTP client of every outbound request, and its address policy.
 *
 * @example
 * ```ts
 * import { AddressPolicy, createGuardedFetch } from '@warbler/ai/net'
 * const fetch = createGuardedFetch({ policy: new AddressPolicy(process.env.WARBLER_OUTBOUND_ALLOWLIST?.split(',') ?? []) })
 * ```
 */
export { AddressPolicy, parseOutboundUrl, type CheckedTarget, type ResolvedAddress, type Resolver } from './address-policy.js'
export { guardedFetch, createGuardedFetch, type GuardedClientOptions, type GuardedFetch } from './guarded-fetch.js'
export { embeddedIpv4, isReservedAddress } from './reserved-addresses.js'
export { GuardedHttp2Session, type GuardedHttp2Options, type GuardedHttp2Request, type GuardedHttp2Response } from './guarded-http2.js'
