import { CONFUSABLE_LETTERS } from './confusable-letters.js'

/**
 * Folding for the keyword filter: what a word "looks like", so that disguised spellings match.
 * Per code point: default-ignorable code points (zero-width characters, soft hyphen, bidi controls,
 * variation selectors, tags) and control characters other than tabs and line breaks (NUL, ESC, DEL,
 * C1) are dropped; NFKC (full-width and compatibility forms), then NFD; combining marks are dropped (see {@link isDroppedMark}); look-alike letters fold to Latin
 * ({@link CONFUSABLE_LETTERS}); then full case folding. Words and texts fold the same way.
 *
 * The fold of each distinct code point is computed once and kept, so folding a message is a lookup
 * per code point; pure ASCII text (the common case) is only lower-cased.
 */

/** Default-ignorable code points and the control characters that are not tabs or line breaks (NUL, ESC, DEL, C1 but NEL). */
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]$/u
const MARK = /^\p{M}$/u
/**
 * Marks in the general-purpose combining blocks (diacritics, their extensions and supplement, marks
 * for symbols, half marks) and the Cyrillic ones: decoration, dropped whatever they sit on.
 */
const GENERIC_MARK = /^[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]$/u
/** Bases whose marks are accents: every mark on them is dropped (`ś` reads `s`). */
const ACCENTED_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]$/u
/** Printable ASCII, tabs and line breaks: folding is lower-casing. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/

/**
 * Whether a combining mark is dropped: always for generic marks, and any mark on a Latin, Greek,
 * Cyrillic or common base (or on none). A script's own marks on its own letters are kept, because
 * they change the word: Japanese voicing marks (`が` is not `か`), Thai vowels, Indic vowel signs.
 */
function isDroppedMark(mark: string, base: string | undefined): boolean {
  return GENERIC_MARK.test(mark) || base === undefined || ACCENTED_SCRIPT.test(base)
}

/** Look-alike letter to Latin, then full case folding (`ß` → `ss`, `ς` → `σ` → `o`), marks it adds dropped. */
function foldLetter(letter: string): string {
  const latin = CONFUSABLE_LETTERS.get(letter)
  if (latin !== undefined) return latin
  let folded = ''
  for (const part of letter.toLowerCase().toUpperCase().toLowerCase().normalize('NFD')) {
    if (MARK.test(part)) continue
    folded += CONFUSABLE_LETTERS.get(part) ?? part
  }
  return folded
}

/** The fold of one code point that is not a combining mark. */
function foldBase(character: string): string {
  if (INVISIBLE.test(character)) return ''
  const direct = CONFUSABLE_LETTERS.get(character)
  if (direct !== undefined) return direct
  const decomposed = character.normalize('NFKC').normalize('NFD')
  let folded = ''
  let base: string | undefined
  for (const part of decomposed) {
    if (MARK.test(part)) {
      if (!isDroppedMark(part, base)) folded += part
      continue
    }
    if (INVISIBLE.test(part)) continue
    base = part
    folded += foldLetter(part)
  }
  return folded
}

/** What {@link foldOf} answers for a combining mark, whose fold depends on its base. */
const IS_MARK = '\u0000'
/** Folds of code points seen so far (bounded: past the limit, folds are computed each time). */
const FOLDS = new Map<string, string>()
const FOLDS_LIMIT = 1 << 16

/** The fold of one code point, or {@link IS_MARK}. No fold contains NUL, so the marker is unambiguous. */
function foldOf(character: string): string {
  let folded = FOLDS.get(character)
  if (folded === undefined) {
    folded = MARK.test(character) ? IS_MARK : foldBase(character)
    if (FOLDS.size < FOLDS_LIMIT) FOLDS.set(character, folded)
  }
  return folded
}

/**
 * Walks the text: calls `emit(part, offset, length)` for each original code point with what it
 * folds to (a standalone combining mark folds to itself or to nothing, depending on its base).
 */
function walk(text: string, emit: (part: string, offset: number, length: number) => void): void {
  let offset = 0
  let base: string | undefined
  for (const character of text) {
    let folded = foldOf(character)
    if (folded === IS_MARK) folded = isDroppedMark(character, base) ? '' : character
    else if (folded !== '') base = character
    emit(folded, offset, character.length)
    offset += character.length
  }
}

/** Folds a text (or a word of the list) for matching. */
export function foldForMatching(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase()
  let folded = ''
  let base: string | undefined
  for (const character of text) {
    const part = foldOf(character)
    if (part === IS_MARK) {
      if (!isDroppedMark(character, base)) folded += character
    } else if (part !== '') {
      base = character
      folded += part
    }
  }
  return folded
}

/** The folded text and, for each of its code units, the original code-unit range it came from. */
export interface FoldedText {
  text: string
  /** `from[i]`/`to[i]`: the original range `[from, to)` behind folded code unit `i`. */
  from: Uint32Array
  to: Uint32Array
}

/**
 * Folds a text keeping the way back to the original offsets, for masking. A code point that folds
 * to nothing (a zero-width character, a dropped mark) belongs to the folded unit before it, so a
 * masked word takes its marks with it; one at the very start belongs to nothing.
 */
export function foldWithOffsets(text: string): FoldedText {
  const folded = foldForMatching(text)
  const from = new Uint32Array(folded.length)
  const to = new Uint32Array(folded.length)
  if (PLAIN_ASCII.test(text)) {
    for (let index = 0; index < text.length; index++) {
      from[index] = index
      to[index] = index + 1
    }
    return { text: folded, from, to }
  }
  let unit = 0
  walk(text, (part, offset, length) => {
    if (part === '') {
      if (unit > 0) to[unit - 1] = offset + length
      return
    }
    for (let index = 0; index < part.length; index++, unit++) {
      from[unit] = offset
      to[unit] = offset + length
    }
  })
  return { text: folded, from, to }
}
