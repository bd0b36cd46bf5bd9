/**
 * The one table of Warbler error codes, shared by server, SDK and web.
 * Each code carries the HTTP status the REST API answers with, and a default message.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from '@warbler/protocol'
 * ERROR_CODES.not_member.status // 403
 * ```
 */
export const ERROR_CODES = {
  // request shape
  bad_request: { status: 400, message: 'The request is malformed.' },
  validation_failed: { status: 400, message: 'A field has the wrong type or value.' },
  malformed_frame: { status: 400, message: 'The frame is not a JSON object.' },
  unknown_frame_type: { status: 400, message: 'The frame type is not known.' },
  payload_too_large: { status: 413, message: 'The payload is larger than allowed.' },
  text_too_long: { status: 413, message: 'The text is longer than allowed.' },
  document_too_large: { status: 413, message: 'The document expands to more text, parts or chunks than allowed.' },
  unsupported_media_type: { status: 415, message: 'The content type is not supported.' },
  // authentication and authorization
  unauthenticated: { status: 401, message: 'Credentials are missing.' },
  invalid_credentials: { status: 401, message: 'The credentials are not valid.' },
  token_expired: { status: 401, message: 'The token has expired.' },
  token_revoked: { status: 401, message: 'The token has been revoked.' },
  user_banned: { status: 403, message: 'The user is banned.' },
  forbidden: { status: 403, message: 'The caller may not do this.' },
  not_member: { status: 403, message: 'The user is not a member of this conversation.' },
  // resources
  not_found: { status: 404, message: 'The resource does not exist.' },
  app_not_found: { status: 404, message: 'The app does not exist.' },
  user_not_found: { status: 404, message: 'The user does not exist.' },
  conversation_not_found: { status: 404, message: 'The conversation does not exist.' },
  already_exists: { status: 409, message: 'The resource already exists.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  // IM rules
  blocked: { status: 403, message: 'The recipient does not accept messages from this user.' },
  friends_only: { status: 403, message: 'This app allows direct messages between friends only.' },
  content_blocked: { status: 422, message: 'The message contains words this app does not allow.' },
  member_muted: { status: 403, message: 'The member is muted in this conversation.' },
  group_muted: { status: 403, message: 'Only owners and admins may send in this group now.' },
  group_full: { status: 409, message: 'The group has reached its member limit.' },
  group_dissolved: { status: 410, message: 'The group has been dissolved.' },
  edit_window_passed: { status: 403, message: 'The time to edit this message has passed.' },
  recall_window_passed: { status: 403, message: 'The time to recall this message has passed.' },
  message_recalled: { status: 410, message: 'The message has been recalled.' },
  // limits
  rate_limited: { status: 429, message: 'Too many requests; slow down.' },
  too_many_connections: { status: 429, message: 'The user has too many open connections.' },
  quota_exceeded: { status: 429, message: 'The quota is used up.' },
  // connection lifecycle
  auth_timeout: { status: 408, message: 'The connection did not authenticate in time.' },
  not_authenticated: { status: 401, message: 'Authenticate before sending this frame.' },
  already_authenticated: { status: 409, message: 'The connection is already authenticated.' },
  server_shutting_down: { status: 503, message: 'The server is shutting down; reconnect.' },
  session_kicked: { status: 409, message: 'The session was closed by the server.' },
  // server side
  unavailable: { status: 503, message: 'The service is not ready.' },
  timeout: { status: 504, message: 'The operation timed out.' },
  upstream_failed: { status: 502, message: 'An upstream service failed.' },
  internal: { status: 500, message: 'Something went wrong on the server.' },
  // client side (SDK only; never sent by the server)
  connection_closed: { status: 499, message: 'The connection closed before an answer came.' },
  send_timeout: { status: 504, message: 'The message was not acknowledged before its deadline.' },
  client_closed: { status: 499, message: 'The client was closed.' },
  // webhooks and hooks
  rejected_by_hook: { status: 403, message: 'The message was rejected by the app’s before-send hook.' },
} as const satisfies Record<string, { status: number; message: string }>

/** One of the codes in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES

/** Whether a string is a known {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

/**
 * Codes after which a client must not reconnect on its own: the credentials or the user
 * themselves are refused, and retrying would only be refused again.
 */
export const UNRECOVERABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_credentials',
  'token_revoked',
  'user_banned',
  'app_not_found',
  'user_not_found',
])
