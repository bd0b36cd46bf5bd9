import { segmentWords } from './segment-words.js'
import { stemEnglish } from './stem.js'
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js'

/** One content word of a question, with how much evidence finding it is. */
export interface QueryWord {
  /** Normalized; English words stemmed (a stem is a prefix of the words it comes from). */
  word: string
  /** `latin` words match at a word start; `cjk` words anywhere. */
  script: 'latin' | 'cjk'
  /** 1, or 0.5 for a single Hanzi (weak evidence on its own). */
  weight: number
}

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu

/** Words that ask rather than say what is asked about; dropped on top of the query stop words. */
const ASKING_WORDS: ReadonlySet<string> = new Set([
  ...'可以 能 能否 能不能 可不可以 会 会不会 要 需要 应该 有没有 怎么办 办 一下 一些 我 我的 我们 你 你们 您 他 她 它 吗 呢 吧 啊 了 的 得 地 么 多 几点 哪家 哪里 还 又 再 上 下 里 中'.split(' '),
  ...'get use make want need tell please know let like way best anyone someone something long often far take takes took happen happens mean means'.split(' '),
])

/**
 * The content words of a question, for judging whether a passage is about it: dictionary words
 * (jieba when installed, else `Intl.Segmenter`) with stop, question and asking words removed, so
 * "怎么部署集群？" gives 部署 and 集群, and "How do I deploy a cluster?" gives deploy and cluster.
 * Unlike the search terms there are no cross-word bigrams: "署集" is not evidence of anything.
 * @mentions are dropped.
 */
export function queryWords(query: string): QueryWord[] {
  // "@Helper how long ...": a mention names who is asked, not what about.
  const normalized = query.normalize('NFKC').toLowerCase().replace(/(^|\s)@\S+/gu, ' ')
  const seen = new Map<string, QueryWord>()
  for (const { segment, isWordLike } of segmentWords(normalized)) {
    if (!isWordLike) continue
    for (const match of segment.matchAll(CJK_RUN)) {
      const word = match[0]
      if (CHINESE_STOP_WORDS.has(word) || ASKING_WORDS.has(word) || seen.has(word)) continue
      seen.set(word, { word, script: 'cjk', weight: Array.from(word).length === 1 ? 0.5 : 1 })
    }
    addLatin(segment.replace(CJK_RUN, ' '), seen)
  }
  return [...seen.values()]
}

function addLatin(segment: string, seen: Map<string, QueryWord>): void {
  for (const match of segment.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (ENGLISH_STOP_WORDS.has(match[0]) || ASKING_WORDS.has(match[0])) continue
    const word = stemEnglish(match[0])
    if (!seen.has(word)) seen.set(word, { word, script: 'latin', weight: 1 })
  }
}

/**
 * The weighted share of the words found in a text (NFKC-normalized, lowercased): Latin words at a
 * word start ("oil" is not in "boil"), CJK words anywhere.
 */
export function wordCoverage(text: string, words: readonly QueryWord[]): number {
  let total = 0
  let found = 0
  for (const word of words) {
    total += word.weight
    if (word.script === 'cjk' ? text.includes(word.word) : startsWord(text, word.word)) found += word.weight
  }
  return total === 0 ? 0 : found / total
}

function startsWord(text: string, word: string): boolean {
  for (let from = text.indexOf(word); from !== -1; from = text.indexOf(word, from + 1)) {
    if (from === 0 || !/[\p{L}\p{N}]/u.test(text[from - 1]!)) return true
  }
  return false
}
