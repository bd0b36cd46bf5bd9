import { CHINESE_SEARCH_STOP_WORDS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js'
import { cutChinese, intlSegmenter } from './segment-words.js'

/**
 * Search terms keep `Intl.Segmenter`: measured with `npm run eval:rag`, jieba words in the index and
 * the query lost on XQuAD zh (budgeted recall 0.970 → 0.966) for a tie on CMRC. jieba's words are
 * used where they win: the content words of a question (`query-words.ts`) for re-ranking and the
 * relevance gate.
 */
const termSegmenter = intlSegmenter
import { stemEnglish } from './stem.js'

/** Characters indexed as overlapping bigrams: Han, kana and Hangul have no spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu
const WORD_PART = /[\p{L}\p{N}]+/gu

/** One token of a query, with the weight it should carry in ranking. */
export interface QueryTerm {
  term: string
  /** 1 for an ordinary term; lower for weak evidence such as a single Hanzi. */
  weight: number
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

function latinTokens(segment: string, out: string[], dropStopWords: boolean): void {
  for (const match of segment.matchAll(WORD_PART)) {
    const word = match[0]
    if (dropStopWords && ENGLISH_STOP_WORDS.has(word)) continue
    out.push(stemEnglish(word))
  }
}

function bigrams(run: string, out: string[]): void {
  const chars = Array.from(run)
  if (chars.length === 1) {
    out.push(chars[0]!)
    return
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
}

/**
 * The text stored in the lexical index column: space-joined tokens that any whitespace
 * tokenizer (SQLite FTS5 `unicode61`, PostgreSQL `to_tsvector('simple', ...)`) indexes as is.
 * CJK runs become overlapping bigrams plus every single character (so one-character queries
 * still match); `Intl.Segmenter` words of three or more CJK characters are added whole, which
 * rewards exact multi-character words; other words are lowercased and lightly stemmed.
 *
 * @example
 * ```ts
 * toIndexText('北京大学成立于1898年') // '北京 京大 大学 学成 成立 立于 北 京 大 学 成 立 于 北京大学 1898 年'
 * ```
 */
export function toIndexText(text: string): string {
  const normalized = normalize(text)
  if (SIMPLE_SCRIPTS.test(normalized)) return simpleIndexText(normalized)
  return segmentedIndexText(normalized)
}

/**
 * Below the Hebrew block (Latin, Greek, Cyrillic, Armenian), without combining marks (NFKC has
 * composed the usual accented letters), `Intl.Segmenter` never breaks inside a
 * run of letters and digits, so the tokens are just those runs: the output of
 * {@link segmentedIndexText} at a fraction of the cost (every chat message is indexed on the send
 * path). One difference, on purpose: ICU calls a word ending in `_` ("c_") not word-like and drops
 * it; the fast path keeps it. Queries take the same path, so both sides agree.
 * `tokenize.test.ts` checks the two paths agree on everything else.
 */
const SIMPLE_SCRIPTS = /^[\u0000-\u02ff\u0370-\u058f]*$/

/** The index text of normalized text in simple scripts (see {@link SIMPLE_SCRIPTS}). */
export function simpleIndexText(normalized: string): string {
  const out: string[] = []
  latinTokens(normalized, out, false)
  return out.join(' ')
}

/** The index text of any normalized text, with `Intl.Segmenter` words and CJK bigrams. */
export function segmentedIndexText(normalized: string): string {
  const out: string[] = []
  for (const { segment, isWordLike } of termSegmenter(normalized)) {
    if (!isWordLike) continue
    if (!CJK.test(segment)) {
      latinTokens(segment, out, false)
      continue
    }
    // A segment may mix scripts ("ω-force", "3号"); CJK runs in it are handled by runs below.
    latinTokens(segment.replace(CJK_RUN, ' '), out, false)
  }
  if (!CJK.test(normalized)) return out.join(' ')
  for (const match of normalized.matchAll(CJK_RUN)) {
    const run = match[0]
    bigrams(run, out)
    if (Array.from(run).length > 1) for (const char of run) out.push(char)
  }
  for (const { segment, isWordLike } of termSegmenter(normalized)) {
    if (isWordLike && Array.from(segment).length >= 3 && /^[\p{Script=Han}]+$/u.test(segment)) out.push(segment)
  }
  return out.join(' ')
}

/**
 * The terms of a search query, distinct, stop words and question words removed (unless that
 * would remove everything). CJK parts become bigrams inside runs of content words, so "黑豹队的
 * 防守丢了多少分" asks for 黑豹, 豹队, 防守, 守丢, ... but not for 多少.
 *
 * @example
 * ```ts
 * toQueryTerms('北京大学是哪一年成立的？').map((t) => t.term) // ['北京', '京大', '大学', '成立']
 * ```
 */
export function toQueryTerms(query: string): QueryTerm[] {
  const withStops = collectQueryTerms(query, true)
  const terms = withStops.length > 0 ? withStops : collectQueryTerms(query, false)
  const seen = new Map<string, QueryTerm>()
  for (const term of terms) if (!seen.has(term.term)) seen.set(term.term, term)
  let distinct = [...seen.values()]
  // Lone Hanzi add little next to bigrams and make every posting list long: keep them only alone.
  if (distinct.some((term) => term.weight >= 1)) distinct = distinct.filter((term) => term.weight >= 1)
  return distinct.slice(0, MAX_QUERY_TERMS)
}

/** Characters that start or are Chinese stop words: only words holding one are re-cut by the dictionary. */
const STOP_WORD_INSIDE = new RegExp(`[${[...new Set([...CHINESE_STOP_WORDS, ...CHINESE_SEARCH_STOP_WORDS].map((word) => word[0]!))].join('')}]`, 'u')

function isSearchStopWord(word: string): boolean {
  return CHINESE_STOP_WORDS.has(word) || CHINESE_SEARCH_STOP_WORDS.has(word)
}

/** Terms searched at most; a pasted paragraph as a query must not scan the whole index. */
const MAX_QUERY_TERMS = 32

function collectQueryTerms(query: string, dropStopWords: boolean): QueryTerm[] {
  const out: QueryTerm[] = []
  const normalized = normalize(query)
  if (SIMPLE_SCRIPTS.test(normalized)) {
    // The same fast path as the index side, so a query and the text it should match agree.
    const latin: string[] = []
    latinTokens(normalized, latin, dropStopWords)
    return latin.map((term) => ({ term, weight: 1 }))
  }
  let run = ''
  const flush = (): void => {
    if (run === '') return
    const grams: string[] = []
    bigrams(run, grams)
    // A lone Hanzi is weak evidence; a run of several yields bigrams.
    const weight = Array.from(run).length === 1 ? 0.5 : 1
    for (const gram of grams) out.push({ term: gram, weight })
    run = ''
  }
  for (const { segment, isWordLike } of termSegmenter(normalized)) {
    if (!isWordLike) {
      flush()
      continue
    }
    if (CJK.test(segment)) {
      const pure = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u.test(segment)
      if (dropStopWords && pure && isSearchStopWord(segment)) {
        flush()
        continue
      }
      if (pure) {
        // No whole-word term besides the bigrams: "北京大学" would count the evidence of 北京, 京大 and
        // 大学 twice (measured: XQuAD zh 0.9731 -> 0.9739, CMRC 0.9876 -> 0.9879 without it).
        if (!dropStopWords || !STOP_WORD_INSIDE.test(segment)) {
          run += segment
          continue
        }
        // "的是", "什么时候", "谁在": Intl.Segmenter keeps a stop word inside a longer word; the
        // dictionary cuts it out, so it neither becomes a term nor joins its neighbours in a bigram.
        for (const piece of cutChinese(segment)) {
          if (isSearchStopWord(piece)) flush()
          else run += piece
        }
        continue
      }
      flush()
      for (const match of segment.matchAll(CJK_RUN)) {
        run = match[0]
        flush()
      }
      const latin: string[] = []
      latinTokens(segment.replace(CJK_RUN, ' '), latin, dropStopWords)
      for (const term of latin) out.push({ term, weight: 1 })
      continue
    }
    flush()
    const latin: string[] = []
    latinTokens(segment, latin, dropStopWords)
    for (const term of latin) out.push({ term, weight: 1 })
  }
  flush()
  return out
}
