import { ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes.js'

const MARKER = Symbol.for('warbler.error')

/** The JSON shape every REST error answer has: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown }
}

/**
 * The one error class of Warbler, carrying a code from {@link ERROR_CODES}.
 * Recognised across bundles and package copies with {@link WarblerError.isInstance}.
 *
 * @example
 * ```ts
 * throw new WarblerError('not_member', 'You are not in this conversation.')
 * ```
 */
export class WarblerError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  private readonly [MARKER] = true

  constructor(code: ErrorCode, message?: string, options?: { details?: unknown; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WarblerError'
    this.code = code
    this.details = options?.details
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return ERROR_CODES[this.code].status
  }

  /** True for any WarblerError, even one made by another copy of this package. */
  static isInstance(value: unknown): value is WarblerError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true
  }

  /** Rebuilds an error from a REST error body or an error frame; unknown codes become `internal`. */
  static fromBody(body: { code?: unknown; message?: unknown; details?: unknown }): WarblerError {
    const code = isErrorCode(body.code) ? body.code : 'internal'
    const message = typeof body.message === 'string' ? body.message : undefined
    return new WarblerError(code, message, { details: body.details })
  }

  /** The REST answer body for this error. */
  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) },
    }
  }
}
