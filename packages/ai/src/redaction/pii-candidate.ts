/**
 * The kinds of personal data, and the candidates the scanners propose before overlaps are settled.
 */

/** The kinds of personal data Warbler redacts. */
export type PiiType = 'phone' | 'email' | 'id' | 'card' | 'ip'

/** Every {@link PiiType}, in the order overlapping candidates are preferred. */
export const PII_TYPES: readonly PiiType[] = ['email', 'id', 'card', 'phone', 'ip']

/** A value a scanner found, with offsets into the folded text. */
export interface PiiCandidate {
  type: PiiType
  start: number
  end: number
  /** Equal for different spellings of the same value (separators, width, case). */
  canonical: string
}

/** Receives the candidates of a scanner. */
export type EmitCandidate = (candidate: PiiCandidate) => void

/** Character classes shared by the scanners, on UTF-16 code units of the folded text. */
export const isAsciiDigit = (code: number): boolean => code >= 0x30 && code <= 0x39
export const isAsciiLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
/** A character that glues a value into a word: `ORD13812345678X` holds no phone. */
export const isWordCode = (code: number): boolean => isAsciiDigit(code) || isAsciiLetter(code) || code === 0x5f
