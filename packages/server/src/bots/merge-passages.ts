import type { SearchResult } from '@warbler/ai'

/** Shortest shared run that counts as the chunker's overlap between two neighbouring chunks. */
const MIN_OVERLAP_CHARS = 12

/** Joins `next` onto `text`, dropping the part of `next` that repeats the end of `text`. */
export function stitch(text: string, next: string): string {
  if (text.includes(next)) return text
  if (next.includes(text)) return next
  for (let length = Math.min(text.length, next.length) - 1; length >= MIN_OVERLAP_CHARS; length--) {
    if (text.endsWith(next.slice(0, length))) return text + next.slice(length)
  }
  return `${text}\n…\n${next}`
}

/**
 * Merges retrieved chunks of the same document section into one passage (neighbouring chunks
 * overlap, so quoting them one by one repeats text), keeping the order of each section's best hit.
 * The merged result keeps the best chunk's ids and score.
 */
export function mergePassages(results: readonly SearchResult[]): SearchResult[] {
  const bySection = new Map<string, SearchResult>()
  for (const result of results) {
    const key = `${result.knowledgeBaseId}\u0000${result.documentId}\u0000${result.headingPath.join('\u0000')}`
    const merged = bySection.get(key)
    bySection.set(key, merged ? { ...merged, text: stitch(merged.text, result.text) } : result)
  }
  return [...bySection.values()]
}
