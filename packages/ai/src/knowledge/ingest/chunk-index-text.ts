import type { DocumentChunk } from '../chunk/chunk-document.js'
import { toIndexText } from '../tokenize/tokenize.js'

/**
 * Characters of each neighbouring chunk indexed with a chunk. Measured with `npm run eval:rag`
 * (docs/knowledge-bases.md): 40 raised budgeted recall@5 on all three sets.
 */
export const NEIGHBOUR_CONTEXT_CHARS = 40

/**
 * The lexical index text of one chunk: the document title, its heading path, the end of the
 * chunk before it, its own text and the start of the chunk after it (same section only). A
 * passage that answers a question often leaves its subject to the sentence before ("It was
 * founded in 1636"); indexing a little of its neighbours lets the question's words find it,
 * while the passage shown, and counted against the answer budget, stays the chunk itself.
 */
export function chunkIndexText(title: string, chunks: readonly DocumentChunk[], index: number): string {
  const chunk = chunks[index]!
  const before = sameSection(chunks[index - 1], chunk) ? chunks[index - 1]!.text.slice(-NEIGHBOUR_CONTEXT_CHARS) : ''
  const after = sameSection(chunks[index + 1], chunk) ? chunks[index + 1]!.text.slice(0, NEIGHBOUR_CONTEXT_CHARS) : ''
  return toIndexText([title, ...chunk.headingPath, before, chunk.text, after].join('\n'))
}

function sameSection(neighbour: DocumentChunk | undefined, chunk: DocumentChunk): boolean {
  if (!neighbour || neighbour.sourceUrl !== chunk.sourceUrl) return false
  return neighbour.headingPath.length === chunk.headingPath.length && neighbour.headingPath.every((heading, index) => heading === chunk.headingPath[index])
}
