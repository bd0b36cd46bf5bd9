/**
 * Finds personal data in text: phone numbers, emails, resident ID numbers, bank card numbers and
 * IPv4/IPv6 addresses. Matching runs on the folded text (full width to ASCII, every space to a
 * space, invisible characters removed; see fold-for-matching.ts), in one left-to-right pass of
 * hand-written scanners whose work is linear in the length of the text (no backtracking regular
 * expression over user text). A match keeps the characters as written.
 */
import { foldForMatching } from './fold-for-matching.js'
import { isAsciiDigit, PII_TYPES, type PiiCandidate, type PiiType } from './pii-candidate.js'
import { scanEmail } from './scan-email.js'
import { canStartIpv6, scanIpv6 } from './scan-ipv6.js'
import { scanNumberRun } from './scan-number-run.js'

export { PII_TYPES, type PiiType } from './pii-candidate.js'

/** One piece of personal data found in a text. */
export interface PiiMatch {
  type: PiiType
  /** Offsets into the original text. */
  start: number
  end: number
  /** The text as written (full-width and invisible characters kept). */
  original: string
  /** A canonical form, equal for different spellings of the same value (separators, width, case). */
  canonical: string
}

/** Lower wins when two candidates overlap: the more specific kind. */
const PRIORITY: Record<PiiType, number> = { email: 0, id: 1, card: 2, phone: 3, ip: 4 }

const AT = 0x40

/** Every candidate of the wanted types, each scanner reading each character a bounded number of times. */
function scan(text: string, types: ReadonlySet<PiiType>): PiiCandidate[] {
  const candidates: PiiCandidate[] = []
  const emit = (candidate: PiiCandidate): void => {
    if (types.has(candidate.type)) candidates.push(candidate)
  }
  const wantsNumbers = types.has('phone') || types.has('id') || types.has('card') || types.has('ip')
  const wantsEmails = types.has('email')
  const wantsIpv6 = types.has('ip')
  let nextRun = 0
  let nextIpv6 = 0
  let afterLastAt = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (wantsNumbers && index >= nextRun && isAsciiDigit(code)) nextRun = scanNumberRun(text, index, emit)
    if (wantsIpv6 && index >= nextIpv6 && canStartIpv6(text, index)) nextIpv6 = scanIpv6(text, index, emit)
    if (code === AT) {
      if (wantsEmails) scanEmail(text, index, afterLastAt, emit)
      afterLastAt = index + 1
    }
  }
  return candidates
}

/**
 * Keeps the candidates that do not overlap a preferred one: more specific kind first, then the
 * longer, then the earlier. Candidates are short (a few dozen characters, an email at most ~320),
 * so marking the characters they take is linear too.
 */
function settleOverlaps(candidates: PiiCandidate[], length: number): PiiCandidate[] {
  candidates.sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start)
  const taken = new Uint8Array(length)
  const chosen: PiiCandidate[] = []
  for (const candidate of candidates) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue
    taken.fill(1, candidate.start, candidate.end)
    chosen.push(candidate)
  }
  return chosen.sort((a, b) => a.start - b.start)
}

/**
 * Finds the personal data of the given types in `text`, left to right, never overlapping. When
 * candidates overlap, the more specific one wins: email, then resident ID (checksum verified), then
 * bank card (Luhn verified), then phone, then IP; among equals the longer one.
 *
 * @example
 * ```ts
 * detectPii('电话13812345678谢谢').map((match) => match.original) // ['13812345678']
 * detectPii('call 138\u200b1234\u200b5678')[0]?.original          // the number with its zero-width spaces
 * ```
 */
export function detectPii(text: string, types: ReadonlySet<PiiType> = new Set(PII_TYPES)): PiiMatch[] {
  const folded = foldForMatching(text)
  return settleOverlaps(scan(folded.text, types), folded.text.length).map(({ type, start, end, canonical }) => {
    const originalStart = folded.origin[start]!
    const originalEnd = folded.origin[end - 1]! + 1
    return { type, start: originalStart, end: originalEnd, original: text.slice(originalStart, originalEnd), canonical }
  })
}
