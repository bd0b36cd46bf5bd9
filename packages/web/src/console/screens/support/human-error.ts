import { ApiError } from '../../../shared/http.js'

type T = (key: string, options?: Record<string, unknown>) => string

/** Error codes the inbox explains in its own words (keys under `console.support.errors`). */
export const EXPLAINED_CODES = ['conflict', 'forbidden', 'not_found', 'conversation_not_found', 'user_not_found', 'validation_failed', 'rate_limited', 'unauthenticated', 'content_blocked', 'unavailable'] as const

/**
 * A sentence for an error, in the user's language: known codes have their own words, a route this
 * server lacks says so, a failed fetch says the server cannot be reached; never a bare code.
 */
export function errorText(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.status === 404 && /^No route/.test(error.message)) return t('common.notAvailable')
    if ((EXPLAINED_CODES as readonly string[]).includes(error.code)) return t(`console.support.errors.${error.code}`)
    if (error.status >= 500) return t('console.support.errors.server')
    return t('console.support.errors.other', { message: error.message })
  }
  if (error instanceof TypeError) return t('console.support.errors.network')
  return t('console.support.errors.other', { message: error instanceof Error ? error.message : String(error) })
}
