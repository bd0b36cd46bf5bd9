import { UNRECOVERABLE_CODES, type ErrorCode } from '@warbler/protocol'

/** Codes after which the SDK stops reconnecting (on top of the protocol's unrecoverable codes). */
export const STOP_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([...UNRECOVERABLE_CODES, 'session_kicked', 'client_closed'])

/** Connection-level error codes the server follows with a close (reported once, by the close). */
export const CLOSING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...STOP_CODES,
  'token_expired',
  'server_shutting_down',
  'auth_timeout',
  'too_many_connections',
])

/**
 * Failures that say nothing about the request itself (the connection dropped or was slow, the
 * server was busy): worth asking again later, unlike a refusal (`not_member`, `forbidden`...).
 */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'connection_closed',
  'client_closed',
  'timeout',
  'unavailable',
  'internal',
  'rate_limited',
  'server_shutting_down',
  'not_authenticated',
])
