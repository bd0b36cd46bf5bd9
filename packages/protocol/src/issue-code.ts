import type { ErrorCode } from './error-codes.js'

/** The part of a zod issue that decides its error code. */
export interface ValidationIssue {
  code: string
  path: readonly PropertyKey[]
}

/**
 * The error code for a failed schema check, the same at every edge (REST body, WebSocket frame), so
 * the same mistake gets the same code: a message text over the limit is `text_too_long`, anything
 * else `validation_failed`.
 *
 * @example
 * ```ts
 * const parsed = SendMessageRequest.safeParse(body)
 * if (!parsed.success) throw new WarblerError(errorCodeForIssue(parsed.error.issues[0]!), '…')
 * ```
 */
export function errorCodeForIssue(issue: ValidationIssue | undefined): ErrorCode {
  if (!issue || issue.code !== 'too_big') return 'validation_failed'
  const [parent, field] = issue.path.slice(-2)
  return parent === 'body' && field === 'text' ? 'text_too_long' : 'validation_failed'
}
