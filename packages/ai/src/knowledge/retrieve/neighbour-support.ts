import type { ScoredChunk } from '../store/knowledge-store.js'

/**
 * Measured with `npm run eval:rag` (docs/knowledge-bases.md): a tenth of the better neighbour's
 * score raised budgeted recall@5 on XQuAD en and zh and left CMRC 2018 unchanged.
 */
export const DEFAULT_NEIGHBOUR_SHARE = 0.2

/**
 * Adds to each candidate `share` of the better score of its neighbours (the chunks just before
 * and after it in the same document) among the candidates, then re-sorts. A passage that answers
 * a question often does not repeat the subject its neighbour names ("it was founded in 1636");
 * when the neighbour matches the question too, the passage is likely the right place.
 */
export function supportFromNeighbours(candidates: ScoredChunk[], share = DEFAULT_NEIGHBOUR_SHARE): ScoredChunk[] {
  if (share === 0 || candidates.length < 2) return candidates
  const scores = new Map<string, number>()
  for (const chunk of candidates) scores.set(positionKey(chunk.documentId, chunk.ordinal), chunk.score)
  return candidates
    .map((chunk) => {
      const before = scores.get(positionKey(chunk.documentId, chunk.ordinal - 1)) ?? 0
      const after = scores.get(positionKey(chunk.documentId, chunk.ordinal + 1)) ?? 0
      const support = Math.max(before, after)
      return support === 0 ? chunk : { ...chunk, score: chunk.score + share * support }
    })
    .sort((a, b) => b.score - a.score)
}

function positionKey(documentId: string, ordinal: number): string {
  return `${documentId}#${ordinal}`
}
