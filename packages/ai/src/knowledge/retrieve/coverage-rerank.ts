import type { ScoredChunk } from '../store/knowledge-store.js'
import type { QueryTerm } from '../tokenize/tokenize.js'

/**
 * Re-ranks BM25 candidates by how many distinct query terms each one contains (a coordination
 * factor). With CJK bigrams BM25 alone lets one frequent bigram outweigh several rare-but-present
 * ones; rewarding coverage brings up the chunk that matches the whole question.
 */
export function rerankByCoverage(candidates: ScoredChunk[], terms: QueryTerm[], power = Number(process.env.WARBLER_COVERAGE_POWER ?? 2)): ScoredChunk[] {
  if (terms.length < 2 || candidates.length < 2 || power === 0) return candidates
  const top = candidates[0]!.score || 1
  return candidates
    .map((chunk) => {
      // Substring checks, not a re-tokenization: bigrams and stems are substrings of the text they came from.
      const text = [chunk.title, ...chunk.headingPath, chunk.text].join('\n').normalize('NFKC').toLowerCase()
      const covered = terms.filter((term) => text.includes(term.term)).length / terms.length
      return { ...chunk, score: (chunk.score / top) * covered ** power }
    })
    .sort((a, b) => b.score - a.score)
}
