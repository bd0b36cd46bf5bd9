/**
 * Finds personal data in text: phone numbers, emails, resident ID numbers, bank card numbers and
 * IPv4 addresses. Matching runs on the half-width fold of the text (same offsets), so `１３８…`
 * and `＠` are found; the match keeps the original characters.
 */
import { isValidResidentId, passesLuhn } from './checksums.js'
import { toHalfWidth } from './normalize-width.js'

/** The kinds of personal data Warbler redacts. */
export type PiiType = 'phone' | 'email' | 'id' | 'card' | 'ip'

/** Every {@link PiiType}, in the order overlapping candidates are preferred. */
export const PII_TYPES: readonly PiiType[] = ['email', 'id', 'card', 'phone', 'ip']

/** One piece of personal data found in a text. */
export interface PiiMatch {
  type: PiiType
  /** Offsets into the original text. */
  start: number
  end: number
  /** The text as written (full-width characters kept). */
  original: string
  /** A canonical form, equal for different spellings of the same value (separators, width, case). */
  canonical: string
}

interface Detector {
  type: PiiType
  pattern: RegExp
  /** Lower wins when two candidates overlap. */
  priority: number
  accept?: (folded: string) => boolean
  canonical: (folded: string) => string
}

// "Not glued to a word": a digit run inside `ORD13812345678X` or a 20-digit number is not a phone.
// CJK characters and punctuation next to the value are fine: `电话13812345678谢谢`.
const NOT_AFTER_WORD = '(?<![0-9A-Za-z_])'
const NOT_BEFORE_WORD = '(?![0-9A-Za-z_])'
const digitsOnly = (value: string): string => value.replace(/\D/g, '')

const DETECTORS: readonly Detector[] = [
  {
    type: 'email',
    priority: 0,
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g,
    canonical: (value) => value.toLowerCase(),
  },
  {
    type: 'id',
    priority: 1,
    pattern: new RegExp(`${NOT_AFTER_WORD}[1-9]\\d{16}[\\dXx]${NOT_BEFORE_WORD}`, 'g'),
    accept: (value) => isValidResidentId(value),
    canonical: (value) => value.toUpperCase(),
  },
  {
    // Card numbers start with 2–6 (Mastercard, Amex, Visa, UnionPay...) or 9 (older domestic
    // cards); this keeps 13-digit millisecond timestamps and phone numbers (leading 1) out.
    type: 'card',
    priority: 2,
    pattern: new RegExp(
      `${NOT_AFTER_WORD}(?:[2-69]\\d{12,18}|[2-69]\\d{3}(?:[ -]\\d{4}){2,3}(?:[ -]\\d{1,3})?|3\\d{3}[ -]\\d{6}[ -]\\d{5})${NOT_BEFORE_WORD}`,
      'g',
    ),
    accept: (value) => {
      const digits = digitsOnly(value)
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)
    },
    canonical: digitsOnly,
  },
  {
    // Mainland mobile: 1[3-9]x + 8 digits, optional +86 / 0086, spaces or dashes as 3-4-4.
    type: 'phone',
    priority: 3,
    pattern: new RegExp(`(?<![0-9A-Za-z_+])(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}${NOT_BEFORE_WORD}`, 'g'),
    canonical: (value) => `+86${digitsOnly(value).slice(-11)}`,
  },
  {
    // E.164: + then 8–15 digits, single spaces or dashes allowed between them.
    type: 'phone',
    priority: 4,
    pattern: new RegExp(`(?<![0-9A-Za-z_+])\\+[1-9](?:[ -]?\\d){7,14}(?![ -]?\\d)${NOT_BEFORE_WORD}`, 'g'),
    canonical: (value) => `+${digitsOnly(value)}`,
  },
  {
    // Each octet 0–255 without leading zeros; not part of a longer dotted run like 1.2.3.4.5.
    type: 'ip',
    priority: 5,
    pattern: /(?<![0-9A-Za-z_.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9A-Za-z_]|\.\d)/g,
    canonical: (value) => value,
  },
]

/**
 * Finds the personal data of the given types in `text`, left to right, never overlapping. When
 * candidates overlap, the more specific one wins: email, then resident ID (checksum verified), then
 * bank card (Luhn verified), then phone, then IP; among equals the longer one.
 *
 * @example
 * ```ts
 * detectPii('电话13812345678谢谢').map((match) => match.original) // ['13812345678']
 * ```
 */
export function detectPii(text: string, types: ReadonlySet<PiiType> = new Set(PII_TYPES)): PiiMatch[] {
  const folded = toHalfWidth(text)
  const candidates: Array<PiiMatch & { priority: number }> = []
  for (const detector of DETECTORS) {
    if (!types.has(detector.type)) continue
    for (const found of folded.matchAll(detector.pattern)) {
      const value = found[0]
      if (detector.accept && !detector.accept(value)) continue
      const start = found.index
      const end = start + value.length
      candidates.push({ type: detector.type, start, end, original: text.slice(start, end), canonical: detector.canonical(value), priority: detector.priority })
    }
  }
  candidates.sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start)
  const chosen: PiiMatch[] = []
  for (const { priority: _priority, ...candidate } of candidates) {
    if (chosen.every((taken) => candidate.end <= taken.start || candidate.start >= taken.end)) chosen.push(candidate)
  }
  return chosen.sort((a, b) => a.start - b.start)
}
