/**
 * Emails, found around each `@`: ASCII or internationalised local parts (`张三@example.com`) and
 * domains (`例子.中国`, `xn--fsqu00a.xn--fiqs8s`).
 */
import type { EmitCandidate } from './pii-candidate.js'

const MAX_LOCAL_LENGTH = 64
const MAX_DOMAIN_LENGTH = 253
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const ASCII_TLD = /^[A-Za-z]{2,63}$/
const PUNYCODE_TLD = /^xn--[A-Za-z0-9-]{1,59}$/
const NON_ASCII_TLD = /^[\p{L}\p{M}]{2,63}$/u
const LABEL = /^[^-.][^.]{0,62}$/

function isNonAsciiWord(character: string): boolean {
  return character.charCodeAt(0) >= 0x80 && NON_ASCII_WORD.test(character)
}

function isLocalCharacter(character: string): boolean {
  return /^[A-Za-z0-9._%+-]$/.test(character) || isNonAsciiWord(character)
}

function isDomainCharacter(character: string): boolean {
  return /^[A-Za-z0-9.-]$/.test(character) || isNonAsciiWord(character)
}

const isEastAsian = (character: string): boolean => EAST_ASIAN.test(character)
const isAscii = (character: string): boolean => character.charCodeAt(0) < 0x80

/**
 * Characters that end the sentence around a Chinese local part rather than belong to it:
 * `邮箱是张三@…`, `请发邮件到张三@…`, `地址为张三@…`. None is usual in a name.
 */
const BEFORE_CHINESE_LOCAL = new Set(['是', '为', '為', '到', '给', '給', '的', '箱', '址', '件'])

/**
 * Where the local part before the `@` at `at` starts. Chinese has no spaces, so where Chinese
 * text runs into an ASCII local part the text is cut at that change (`邮箱li@…` is `li@…`), and a
 * local part written in Chinese starts after the nearest space, punctuation or
 * BEFORE_CHINESE_LOCAL character.
 */
function localStart(text: string, at: number, limit: number): number {
  let start = at
  const furthest = Math.max(limit, at - MAX_LOCAL_LENGTH - 1) // a longer run is no local part; do not read it all
  while (start > furthest && isLocalCharacter(text[start - 1]!)) start--
  for (let index = at - 1; index >= start; index--) {
    if (BEFORE_CHINESE_LOCAL.has(text[index]!)) {
      start = index + 1
      break
    }
    if (index > start && isEastAsian(text[index - 1]!) && !isEastAsian(text[index]!)) {
      start = index
      break
    }
  }
  while (start < at && text[start] === '.') start++
  return start
}

/**
 * Where the domain after the `@` at `at` ends: labels of ASCII letters, digits, `-` or any
 * script's letters, joined by dots, and a top-level domain of letters (`com`, `中国`) or
 * punycode (`xn--fiqs8s`). A TLD that changes script mid-way is cut there (`li@acme.com谢谢`).
 * Undefined when there is no valid domain.
 */
function domainEnd(text: string, at: number): number | undefined {
  let end = at + 1
  const furthest = Math.min(text.length, at + 1 + MAX_DOMAIN_LENGTH + 1)
  while (end < furthest && isDomainCharacter(text[end]!)) end++
  while (end > at + 1 && text[end - 1] === '.') end--
  let lastDot = end - 1
  while (lastDot > at + 1 && text[lastDot] !== '.') lastDot--
  if (lastDot <= at + 1) return undefined
  for (let index = lastDot + 2; index < end; index++) {
    if (isAscii(text[index]!) !== isAscii(text[lastDot + 1]!)) {
      end = index
      break
    }
  }
  const domain = text.slice(at + 1, end)
  if (domain.length > MAX_DOMAIN_LENGTH) return undefined
  const labels = domain.split('.')
  const tld = labels[labels.length - 1]!
  if (!labels.every((label) => LABEL.test(label) && !label.endsWith('-'))) return undefined
  return ASCII_TLD.test(tld) || PUNYCODE_TLD.test(tld) || (!isAscii(tld) && NON_ASCII_TLD.test(tld)) ? end : undefined
}

/**
 * The form two spellings of one address share: lower case, the domain in its ASCII (punycode)
 * form, so `zhangsan@例子.中国` and `zhangsan@xn--fsqu00a.xn--fiqs8s` get one placeholder.
 */
function emailCanonical(local: string, domain: string): string {
  let asciiDomain = domain.toLowerCase()
  try {
    asciiDomain = new URL(`http://${domain}`).hostname
  } catch {
    // Not a name the URL parser takes (bad punycode); it is still what the user wrote.
  }
  return `${local.toLowerCase()}@${asciiDomain}`
}

/**
 * Proposes the email around the `@` at `at`, looking left no further than `limit` (just after the
 * previous `@`, so each character is read a bounded number of times).
 */
export function scanEmail(text: string, at: number, limit: number, emit: EmitCandidate): void {
  const start = localStart(text, at, limit)
  if (start === at || at - start > MAX_LOCAL_LENGTH || text[at - 1] === '.') return
  const end = domainEnd(text, at)
  if (end === undefined) return
  emit({ type: 'email', start, end, canonical: emailCanonical(text.slice(start, at), text.slice(at + 1, end)) })
}
