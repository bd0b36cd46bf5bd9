import { queryWords, wordCoverage } from '../tokenize/query-words.js'

/** What the gate reads of a search hit. */
export interface GateCandidate {
  title: string
  headingPath: readonly string[]
  text: string
}

/** The gate's verdict on a question and its search results. */
export interface RelevanceVerdict {
  /** True when the best passages are about the question: answer from them. */
  relevant: boolean
  /** The best share of the question's content words one of the top passages holds (0..1). */
  coverage: number
  /** The threshold applied (it depends on the question's script). */
  threshold: number
}

/** How many of the top results are looked at. */
const LOOKED_AT = 3

/**
 * Thresholds on content-word coverage, calibrated on Warbler's own documentation with the
 * question sets in `eval/relevance-questions.ts` (`relevance-gate.test.ts` holds them to ≥ 90 %
 * of off-topic questions declined and ≥ 95 % of on-topic ones answered from the right document).
 * Chinese words are dictionary words, fewer and more specific than English ones, so one missing
 * costs more: its threshold is lower.
 */
export const RELEVANCE_THRESHOLDS = { latin: 0.55, cjk: 0.45 } as const

/**
 * Whether search results can answer a question: the share of the question's content words
 * (stop and question words removed) that one of the top passages — its text, title and headings —
 * contains. BM25 always returns something and its scores do not compare across questions, so a
 * refund question put to product docs still gets "results"; coverage says whether they are about it.
 * A question with no content words ("hello?") is never relevant.
 *
 * @example
 * ```ts
 * assessRelevance('What is the refund policy for my order?', results).relevant // false on product docs
 * ```
 */
export function assessRelevance(query: string, results: readonly GateCandidate[]): RelevanceVerdict {
  const words = queryWords(query)
  const cjkWeight = words.filter((word) => word.script === 'cjk').reduce((sum, word) => sum + word.weight, 0)
  const latinWeight = words.filter((word) => word.script === 'latin').reduce((sum, word) => sum + word.weight, 0)
  const threshold = cjkWeight >= latinWeight ? RELEVANCE_THRESHOLDS.cjk : RELEVANCE_THRESHOLDS.latin
  if (words.length === 0) return { relevant: false, coverage: 0, threshold }
  let coverage = 0
  for (const result of results.slice(0, LOOKED_AT)) {
    const text = [result.title, ...result.headingPath, result.text].join('\n').normalize('NFKC').toLowerCase()
    coverage = Math.max(coverage, wordCoverage(text, words))
  }
  return { relevant: coverage >= threshold, coverage, threshold }
}
