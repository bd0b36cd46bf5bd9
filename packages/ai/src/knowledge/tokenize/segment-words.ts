import { createRequire } from 'node:module'

/** Cuts text into words; `isWordLike` false for punctuation and spaces. */
export type WordSegmenter = (text: string) => { segment: string; isWordLike: boolean }[]

interface JiebaLike {
  cut(sentence: string, hmm?: boolean): string[]
}

const intl = new Intl.Segmenter('zh', { granularity: 'word' })

/** `Intl.Segmenter` words: always available, the fallback when jieba cannot load. */
export const intlSegmenter: WordSegmenter = (text) => Array.from(intl.segment(text), ({ segment, isWordLike }) => ({ segment, isWordLike: isWordLike === true }))

let jieba: JiebaLike | null | undefined

function loadJieba(): JiebaLike | null {
  if (jieba !== undefined) return jieba
  jieba = null
  if (process.env.WARBLER_SEGMENTER === 'intl') return jieba
  try {
    // A native addon (prebuilt binaries from npm); loaded on the first Chinese text, ~0.3 s for its dictionary.
    const require = createRequire(import.meta.url)
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } }
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array }
    jieba = Jieba.withDict(dict)
  } catch {
    jieba = null
  }
  return jieba
}

const PURE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u

/**
 * Words of any text: `Intl.Segmenter` everywhere, with each run of Chinese words re-cut by jieba's
 * dictionary (HMM on, for names it does not know) when `@node-rs/jieba` loads. Latin, digits and
 * punctuation are cut exactly as `Intl.Segmenter` cuts them either way.
 *
 * @example
 * ```ts
 * segmentWords('黑豹队的防守丢了多少分').map((w) => w.segment) // ['黑豹', '队', '的', '防守', '丢', '了', '多少', '分']
 * ```
 */
export const segmentWords: WordSegmenter = (text) => {
  const base = intlSegmenter(text)
  const dictionary = loadJieba()
  if (!dictionary) return base
  const out: { segment: string; isWordLike: boolean }[] = []
  let run = ''
  const flush = (): void => {
    if (run === '') return
    for (const segment of dictionary.cut(run, true)) out.push({ segment, isWordLike: true })
    run = ''
  }
  for (const word of base) {
    if (word.isWordLike && PURE_CJK.test(word.segment)) {
      run += word.segment
      continue
    }
    flush()
    out.push(word)
  }
  flush()
  return out
}

/**
 * The dictionary words of a run of Chinese characters (jieba, HMM on), or the run itself when
 * jieba cannot load. Used to find stop words inside a longer `Intl.Segmenter` word ("的是", "什么时候").
 */
export function cutChinese(run: string): string[] {
  const dictionary = loadJieba()
  return dictionary ? dictionary.cut(run, true) : [run]
}

/** Which segmenter {@link segmentWords} uses: `jieba`, or `intl` when jieba could not load. */
export function activeSegmenter(): 'jieba' | 'intl' {
  return loadJieba() ? 'jieba' : 'intl'
}
