/**
 * Phones, resident IDs, bank cards and IPv4 addresses, found in runs of digit groups.
 *
 * A run is a maximal sequence of digit groups joined by short separators (`138 1234 5678`,
 * `110105-19491231-002X`, `+86 (138) 1234 5678`, `192.168.1.10`). A group is never split: a value
 * is a span of whole groups, so `ORD13812345678X` and a 20-digit number hold nothing. Each kind
 * then checks its own grouping, separators and checksum on the spans of at most 19 digits, which
 * keeps the work linear in the length of the run whatever it contains.
 */
import { isValidOldResidentId, isValidResidentId, passesLuhn, toEighteenDigitResidentId } from './checksums.js'
import { isAsciiDigit, isWordCode, type EmitCandidate } from './pii-candidate.js'

/** No value is longer: cards have at most 19 digits. */
const MAX_DIGITS = 19
/** No value has more groups: an ID split at each of its five field boundaries. */
const MAX_GROUPS = 6

const PLUS = 0x2b
const DOT = 0x2e
const OPEN_PAREN = 0x28

interface DigitGroup {
  start: number
  end: number
  /** Followed by an ID check character `X` (then the run ends). */
  checkX: boolean
  /** Followed by a letter: the group is part of a word and ends no value. */
  gluedRight: boolean
}

/** The groups and separators of one run. `separators[i]` joins group i and i + 1. */
interface NumberRun {
  groups: DigitGroup[]
  separators: string[]
  /** The first group is glued to a word on its left (`v10.0.0.1`, `Tel138…`). */
  gluedLeft: boolean
  /** A `+` stands right before the first group (a country code follows). */
  plus: boolean
  /** A `.` stands right before the first group (`.1.2.3.4` is no address). */
  dotBefore: boolean
}

/**
 * The length of a separator at `at`: up to three of space, `-`, `.`, `(`, `)` with at most one
 * dash or dot, one parenthesis and two spaces, followed by a digit. 0 when there is none.
 */
function separatorLength(text: string, at: number): number {
  let spaces = 0
  let marks = 0
  let parens = 0
  let length = 0
  for (; at + length < text.length && length <= 3; length++) {
    const code = text.charCodeAt(at + length)
    if (code === 0x20) spaces++
    else if (code === 0x2d || code === DOT) marks++
    else if (code === OPEN_PAREN || code === 0x29) parens++
    else break
  }
  if (length === 0 || length > 3 || spaces > 2 || marks > 1 || parens > 1) return 0
  return isAsciiDigit(text.charCodeAt(at + length)) ? length : 0
}

/** Reads the run whose first digit is at `start`. */
function readRun(text: string, start: number): NumberRun {
  const before = start > 0 ? text.charCodeAt(start - 1) : -1
  const beforePlus = start > 1 ? text.charCodeAt(start - 2) : -1
  const plusGlued = before === PLUS && (isWordCode(beforePlus) || beforePlus === PLUS)
  const run: NumberRun = {
    groups: [],
    separators: [],
    gluedLeft: isWordCode(before) || plusGlued,
    plus: before === PLUS && !plusGlued,
    dotBefore: before === DOT,
  }
  let position = start
  for (;;) {
    let end = position
    while (end < text.length && isAsciiDigit(text.charCodeAt(end))) end++
    const next = text.charCodeAt(end)
    const glued = end < text.length && isWordCode(next)
    const checkX = glued && (next === 0x58 || next === 0x78) && !isWordCode(text.charCodeAt(end + 1))
    run.groups.push({ start: position, end, checkX, gluedRight: glued && !checkX })
    if (glued) break
    const length = separatorLength(text, end)
    if (length === 0) break
    run.separators.push(text.slice(end, end + length))
    position = end + length
  }
  return run
}

/** The span of groups `first..last` of a run, with the digits and shape the kinds look at. */
interface GroupSpan {
  run: NumberRun
  first: number
  last: number
  digits: string
  /** Digits per group. */
  lengths: number[]
}

/** Whether a span has a parenthesis inside: phones may (`(138) 1234 5678`), IDs and cards not. */
function hasParenthesis(span: GroupSpan): boolean {
  return span.run.separators.slice(span.first, span.last).some((separator) => separator.includes('(') || separator.includes(')'))
}

/** The number of digits before each group boundary inside a span. */
function boundaries(lengths: readonly number[]): number[] {
  const result: number[] = []
  let total = 0
  for (let index = 0; index < lengths.length - 1; index++) result.push((total += lengths[index]!))
  return result
}

// Groups may only split an ID between its fields: region | year | month | day | sequence | check.
const ID_18_BOUNDARIES = new Set([6, 10, 12, 14, 17])
const ID_15_BOUNDARIES = new Set([6, 8, 10, 12])

function residentIdCanonical(span: GroupSpan): string | undefined {
  const lastGroup = span.run.groups[span.last]!
  if (hasParenthesis(span)) return undefined
  const cuts = boundaries(span.lengths)
  if (lastGroup.checkX || span.digits.length === 18) {
    const id = lastGroup.checkX ? `${span.digits}X` : span.digits
    if (id.length !== 18 || !cuts.every((cut) => ID_18_BOUNDARIES.has(cut))) return undefined
    return isValidResidentId(id) ? id : undefined
  }
  if (span.digits.length !== 15 || !cuts.every((cut) => ID_15_BOUNDARIES.has(cut))) return undefined
  return isValidOldResidentId(span.digits) ? toEighteenDigitResidentId(span.digits) : undefined
}

/** 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners), 6-10 / 6-13 (BIN first), or no grouping at all. */
function isCardGrouping(lengths: readonly number[]): boolean {
  const count = lengths.length
  if (count === 1) return true
  const last = lengths[count - 1]!
  if (lengths.slice(0, -1).every((length) => length === 4) && last >= 1 && last <= 4) return true
  if (count === 3 && lengths[0] === 4 && lengths[1] === 6 && (last === 4 || last === 5)) return true
  return count === 2 && lengths[0] === 6 && last >= 7 && last <= 13
}

function cardCanonical(span: GroupSpan): string | undefined {
  const { digits } = span
  // Cards start with 2–6 (Mastercard, Amex, Visa, UnionPay...) or 9 (older domestic cards); this
  // keeps 13-digit millisecond timestamps and phone numbers (leading 1) out.
  if (digits.length < 13 || !/^[2-69]/.test(digits)) return undefined
  if (hasParenthesis(span) || !isCardGrouping(span.lengths)) return undefined
  return passesLuhn(digits) ? digits : undefined
}

/** Whether the parentheses in `text` are balanced. */
function isBalanced(text: string): boolean {
  let depth = 0
  for (const character of text) {
    if (character === '(') depth++
    else if (character === ')' && --depth < 0) return false
  }
  return depth === 0
}

/**
 * Where a phone span starts: with its `+`, and with a `(` before it when the span closes one
 * (`(138) 1234 5678`, `(+86) 138…`). Undefined when the parentheses do not balance.
 */
function phoneStart(text: string, span: GroupSpan, withPlus: boolean): number | undefined {
  let start = span.run.groups[span.first]!.start - (withPlus ? 1 : 0)
  const end = span.run.groups[span.last]!.end
  if (text.charCodeAt(start - 1) === OPEN_PAREN && !isBalanced(text.slice(start, end))) start--
  return isBalanced(text.slice(start, end)) ? start : undefined
}

/** Mainland mobile: 1[3-9]x + 8 digits, optionally after 0086, in groups of at least three digits. */
function isMainlandMobile(span: GroupSpan): boolean {
  if (span.first === 0 && span.run.plus) return false // `+138…` is an E.164 number of another country
  return /^(?:0086)?1[3-9]\d{9}$/.test(span.digits) && span.lengths.every((length) => length >= 3)
}

function isOctet(digits: string): boolean {
  return digits.length <= 3 && (digits.length === 1 || digits[0] !== '0') && Number(digits) <= 255
}

/** Four octets joined by dots, not part of a longer dotted run (`1.2.3.4.5` is a version). */
function isIpv4(text: string, span: GroupSpan): boolean {
  const { run, first, last } = span
  if (last - first !== 3) return false
  if (!run.separators.slice(first, last).every((separator) => separator === '.')) return false
  if (first === 0 ? run.dotBefore : run.separators[first - 1]!.endsWith('.')) return false
  if (last < run.groups.length - 1 && run.separators[last]!.startsWith('.')) return false
  return run.groups.slice(first, last + 1).every((group) => isOctet(text.slice(group.start, group.end)))
}

/** Proposes every phone, ID, card and IPv4 candidate of one span; cheap length checks first. */
function proposeSpan(text: string, span: GroupSpan, emit: EmitCandidate): void {
  const { run, first, last, digits } = span
  const firstGroup = run.groups[first]!
  const lastGroup = run.groups[last]!
  const end = lastGroup.end + (lastGroup.checkX ? 1 : 0)
  const length = digits.length
  if (length === 15 || length === 18 || (length === 17 && lastGroup.checkX)) {
    const id = residentIdCanonical(span)
    if (id !== undefined) emit({ type: 'id', start: firstGroup.start, end, canonical: id })
  }
  if (lastGroup.checkX) return // the X belongs to an ID; nothing else ends in a letter
  if (length >= 13) {
    const card = cardCanonical(span)
    if (card !== undefined) emit({ type: 'card', start: firstGroup.start, end, canonical: card })
  }
  if ((length === 11 || length === 15) && isMainlandMobile(span)) {
    const start = phoneStart(text, span, false)
    if (start !== undefined) emit({ type: 'phone', start, end, canonical: `+86${digits.slice(-11)}` })
  }
  if (last - first === 3 && isIpv4(text, span)) emit({ type: 'ip', start: firstGroup.start, end, canonical: text.slice(firstGroup.start, end) })
}

/**
 * E.164: `+`, then 8–15 digits in any grouping (`+44 20 7946 0958`, `+1 (415) 555-2671`). The
 * longest such span from the `+` is proposed.
 */
function proposeInternational(text: string, run: NumberRun, emit: EmitCandidate): void {
  if (!run.plus) return
  let digits = ''
  let longest: { last: number; digits: string } | undefined
  for (let last = 0; last < run.groups.length; last++) {
    const group = run.groups[last]!
    if (group.checkX || group.gluedRight) break
    digits += text.slice(group.start, group.end)
    if (digits.length > 15) break
    if (digits.length >= 8 && /^[1-9]/.test(digits)) longest = { last, digits }
  }
  if (longest === undefined) return
  const span: GroupSpan = { run, first: 0, last: longest.last, digits: longest.digits, lengths: [] }
  const start = phoneStart(text, span, true)
  if (start !== undefined) emit({ type: 'phone', start, end: run.groups[longest.last]!.end, canonical: `+${longest.digits}` })
}

/**
 * Reads the run of digit groups whose first digit is at `start` and proposes the values in it.
 * Returns where the run ends; the caller starts the next run after it.
 */
export function scanNumberRun(text: string, start: number, emit: EmitCandidate): number {
  const run = readRun(text, start)
  proposeInternational(text, run, emit)
  const { groups } = run
  for (let first = 0; first < groups.length; first++) {
    if (first === 0 && run.gluedLeft) continue
    let digits = ''
    const lengths: number[] = []
    for (let last = first; last < groups.length && last - first < MAX_GROUPS; last++) {
      const group = groups[last]!
      if (group.gluedRight) break
      const length = group.end - group.start
      if (digits.length + length > MAX_DIGITS) break
      digits += text.slice(group.start, group.end)
      lengths.push(length)
      // Every kind needs 11 digits or more, except IPv4's four groups.
      if (digits.length >= 11 || last - first === 3) proposeSpan(text, { run, first, last, digits, lengths }, emit)
    }
  }
  const lastGroup = groups[groups.length - 1]!
  return lastGroup.end + (lastGroup.checkX ? 1 : 0)
}
