import { errorTextsEn } from './locales/error-texts-en.js'

/** A code the human-message table knows (`errors.<code>` in the locale files). */
export type ErrorTextCode = keyof typeof errorTextsEn

/** The error code carried by a failure: a WarblerError or ApiError (`code`), a code string, or an Error whose message is a code. */
export function errorCodeOf(failure: unknown): string | undefined {
  if (typeof failure === 'string') return failure
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (failure instanceof TypeError) return 'network_error'
  if (failure && typeof failure === 'object') {
    const code = (failure as { code?: unknown }).code
    if (typeof code === 'string') return code
    const message = (failure as { message?: unknown }).message
    if (typeof message === 'string' && /^[a-z_]+$/.test(message)) return message
  }
  return undefined
}

/**
 * The sentence a person reads for a failure, in the current language — never a raw code.
 * Unknown codes get the general "Something went wrong".
 *
 * @example
 * ```ts
 * errorText(t, new WarblerError('send_timeout')) // "No connection — the server did not confirm it in time."
 * ```
 */
export function errorText(t: (key: string) => string, failure: unknown): string {
  const code = errorCodeOf(failure)
  return t(`errors.${code !== undefined && Object.hasOwn(errorTextsEn, code) ? code : 'unknown'}`)
}

/** Codes whose server message says exactly what was wrong (which field, which state): shown as the server wrote it. */
const DETAILED_CODES = new Set(['validation_failed', 'bad_request', 'conflict'])

/**
 * For screens of admins (the console): the table's sentence for a known code, but the server's own
 * message where it says more (a field that is wrong, an unknown code from a newer server).
 */
export function errorMessage(t: (key: string) => string, failure: unknown): string {
  const code = errorCodeOf(failure)
  if (code !== undefined && Object.hasOwn(errorTextsEn, code) && !DETAILED_CODES.has(code)) return t(`errors.${code}`)
  const message = failure instanceof Error ? failure.message : undefined
  if (message && !/^[a-z_]+$/.test(message)) return message
  return errorText(t, failure)
}
