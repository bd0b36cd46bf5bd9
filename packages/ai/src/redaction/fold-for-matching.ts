/**
 * The text as the PII detectors read it: full-width forms folded to ASCII, every kind of space to
 * a plain space, dashes to `-`, and invisible characters (zero-width space, joiners, word joiner,
 * BOM, soft hyphen, bidi controls...) removed. A map from each folded character back to its index
 * in the original lets a match found in the folded text be cut from the original, invisible
 * characters inside it included.
 */

/** A folded text and where each of its characters came from. */
export interface FoldedText {
  /** The text the detectors match on. */
  text: string
  /** `origin[i]` is the index in the original text of folded character `i`. */
  origin: Int32Array
}

/**
 * Whether a UTF-16 code unit is a default-ignorable code point of the BMP (Unicode's
 * Default_Ignorable_Code_Point): nothing is drawn for it, so a user never sees it between digits.
 */
function isInvisible(code: number): boolean {
  return (
    code === 0x00ad || // soft hyphen
    code === 0x034f || // combining grapheme joiner
    code === 0x061c || // Arabic letter mark
    code === 0x115f ||
    code === 0x1160 ||
    code === 0x17b4 ||
    code === 0x17b5 ||
    (code >= 0x180b && code <= 0x180f) || // Mongolian variation selectors and vowel separator
    (code >= 0x200b && code <= 0x200f) || // zero-width space, ZWNJ, ZWJ, LRM, RLM
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x206f) || // word joiner, invisible operators, bidi isolates
    code === 0x3164 ||
    (code >= 0xfe00 && code <= 0xfe0f) || // variation selectors
    code === 0xfeff || // BOM / zero-width no-break space
    code === 0xffa0 ||
    (code >= 0xfff0 && code <= 0xfff8)
  )
}

/** Whether `code` is a high surrogate of U+E0000–U+E0FFF (tags, variation selectors supplement). */
function isInvisibleHighSurrogate(code: number): boolean {
  return code >= 0xdb40 && code <= 0xdb43
}

/** What a visible character is read as, or -1 to keep it. */
function foldedCode(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0 // full-width ASCII forms: ０-９ ＠ ＋ Ｘ ．
  if (code === 0x00a0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return 0x20
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63) return 0x2d // hyphens, dashes, minus
  if (code === 0xfe6b) return 0x40 // small commercial at
  return -1
}

/**
 * Folds `text` for matching, in one pass.
 *
 * @example
 * ```ts
 * foldForMatching('１３８\u200b1234\u00a05678').text // '1381234 5678'
 * ```
 */
export function foldForMatching(text: string): FoldedText {
  const length = text.length
  const codes = new Uint16Array(length)
  const origin = new Int32Array(length)
  let size = 0
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0xa0) {
      codes[size] = code
      origin[size++] = index
      continue
    }
    if (isInvisible(code)) continue
    if (isInvisibleHighSurrogate(code)) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++
        continue
      }
    }
    const folded = foldedCode(code)
    codes[size] = folded < 0 ? code : folded
    origin[size++] = index
  }
  return { text: decode(codes, size), origin: origin.subarray(0, size) }
}

/** The string of the first `size` code units, built in chunks so no call gets too many arguments. */
function decode(codes: Uint16Array, size: number): string {
  const chunk = 8192
  let result = ''
  for (let start = 0; start < size; start += chunk) result += String.fromCharCode(...codes.subarray(start, Math.min(size, start + chunk)))
  return result
}
