/**
 * Folding for the keyword filter: what a word "looks like", so that disguised spellings match.
 * NFKC (full-width, ligatures), default-ignorable code points dropped (zero-width characters, soft
 * hyphen, bidi controls, variation selectors) and NUL, combining marks dropped after NFKD,
 * Cyrillic and Greek letters that look Latin folded to the Latin letter, then lower case.
 */

const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  А: 'a', а: 'a', В: 'b', в: 'b', Е: 'e', е: 'e', Ё: 'e', ё: 'e', К: 'k', к: 'k', М: 'm', м: 'm', Н: 'h', н: 'h',
  О: 'o', о: 'o', Р: 'p', р: 'p', С: 'c', с: 'c', Т: 't', т: 't', У: 'y', у: 'y', Х: 'x', х: 'x', І: 'i', і: 'i',
  Ї: 'i', ї: 'i', Ј: 'j', ј: 'j', Ѕ: 's', ѕ: 's', Ԁ: 'd', ԁ: 'd', Ԛ: 'q', ԛ: 'q', Ԝ: 'w', ԝ: 'w', Һ: 'h', һ: 'h',
  Ӏ: 'l', ӏ: 'l', Ү: 'y', ү: 'y', Ь: 'b', ь: 'b', Ɡ: 'g', ɡ: 'g',
  // Greek
  Α: 'a', α: 'a', Β: 'b', β: 'b', Ε: 'e', ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', ι: 'i', Κ: 'k', κ: 'k', Μ: 'm', Ν: 'n',
  ν: 'v', Ο: 'o', ο: 'o', Ρ: 'p', ρ: 'p', Τ: 't', τ: 't', Υ: 'y', υ: 'u', Χ: 'x', χ: 'x', ϲ: 'c', Ϲ: 'c',
}

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u0000]/u
const COMBINING = /\p{M}/gu
const PLAIN_ASCII = /^[\x20-\x7e]*$/

/** The folded text and, for each of its code units, the original code-unit range it came from. */
export interface FoldedText {
  text: string
  /** `from[i]`/`to[i]`: the original range `[from, to)` behind folded code unit `i`. */
  from: number[]
  to: number[]
}

function foldCodePoint(character: string): string {
  const lookAlike = LOOK_ALIKES[character]
  if (lookAlike !== undefined) return lookAlike
  if (INVISIBLE.test(character)) return ''
  const compatible = character.normalize('NFKC')
  let folded = ''
  for (const part of compatible) {
    const latin = LOOK_ALIKES[part]
    folded += latin ?? part.normalize('NFKD').replace(COMBINING, '')
  }
  return folded.toLowerCase()
}

/** Folds a word of the list (no offsets needed). */
export function foldWord(word: string): string {
  return foldText(word).text
}

/** Folds a message text, keeping the way back to the original offsets for masking. */
export function foldText(text: string): FoldedText {
  if (PLAIN_ASCII.test(text)) {
    const from = Array.from({ length: text.length }, (_, index) => index)
    return { text: text.toLowerCase(), from, to: from.map((index) => index + 1) }
  }
  let folded = ''
  const from: number[] = []
  const to: number[] = []
  let offset = 0
  for (const character of text) {
    const part = foldCodePoint(character)
    for (let index = 0; index < part.length; index++) {
      from.push(offset)
      to.push(offset + character.length)
    }
    folded += part
    offset += character.length
  }
  return { text: folded, from, to }
}
