import type { ScoredChunk } from '../store/knowledge-store.js'
import { wordCoverage, type QueryWord } from '../tokenize/query-words.js'

/**
 * Measured with `npm run eval:rag` (docs/knowledge-bases.md): half again for a title and headings
 * holding all of the question's content words raised budgeted recall@5 on CMRC 2018, whose
 * passages are titled by their subject, and changed nothing on XQuAD, whose titles are English.
 */
export const DEFAULT_FIELD_WEIGHT = 2

/**
 * A BM25F-style field weight applied to the candidates: a passage whose document title and
 * heading path hold the question's content words is more likely about it than one that only
 * mentions them in passing. Each score is multiplied by `1 + weight × coverage`, where coverage
 * is the weighted share of the content words found in the title and headings.
 */
export function boostFieldMatches(candidates: ScoredChunk[], words: readonly QueryWord[], weight = DEFAULT_FIELD_WEIGHT): ScoredChunk[] {
  if (weight === 0 || words.length === 0 || candidates.length < 2) return candidates
  const coverage = new Map<string, number>()
  return candidates
    .map((chunk) => {
      const fields = [chunk.title, ...chunk.headingPath].join('\n')
      let share = coverage.get(fields)
      if (share === undefined) {
        share = wordCoverage(fields.normalize('NFKC').toLowerCase(), words)
        coverage.set(fields, share)
      }
      return share === 0 ? chunk : { ...chunk, score: chunk.score * (1 + weight * share) }
    })
    .sort((a, b) => b.score - a.score)
}
