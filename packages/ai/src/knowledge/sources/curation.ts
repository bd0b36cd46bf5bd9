import type { DocumentChunk } from '../chunk/chunk-document.js'
import { sha256 } from './parse-item.js'

/** A manual change to a passage, kept across re-syncs while the passage's text is unchanged. */
export interface Curation {
  id: string
  documentId: string
  /** SHA-256 of the original chunk text it applies to; absent for a pinned pair with no anchor. */
  chunkHash?: string
  action: 'edit' | 'disable' | 'pin'
  /** `edit`: the text that replaces the passage. */
  text?: string
  /** `pin`: the question and answer always indexed with the document. */
  question?: string
  answer?: string
  /** Set when the passage it was made on changed: a person should look again. */
  needsReview: boolean
}

/** The hash a curation is keyed by. */
export function chunkHash(text: string): string {
  return sha256(text.replace(/\s+/g, ' ').trim())
}

/**
 * Applies a document's curations to freshly made chunks: an edit replaces the text of the chunk
 * it was made on, a disable drops it, a pin adds its Q&A pair. A curation whose passage is no
 * longer there is not applied (an edit of old text would serve stale words) but kept and
 * reported in `needsReview`; a pin is kept in the index either way.
 */
export function applyCurations(chunks: readonly DocumentChunk[], curations: readonly Curation[]): { chunks: DocumentChunk[]; needsReview: string[]; applied: string[] } {
  const byHash = new Map<string, Curation[]>()
  for (const curation of curations) {
    if (!curation.chunkHash || curation.action === 'pin') continue
    byHash.set(curation.chunkHash, [...(byHash.get(curation.chunkHash) ?? []), curation])
  }
  const present = new Set<string>()
  const out: DocumentChunk[] = []
  for (const chunk of chunks) {
    const hash = chunkHash(chunk.text)
    present.add(hash)
    const matching = byHash.get(hash) ?? []
    if (matching.some((curation) => curation.action === 'disable')) continue
    const edit = matching.find((curation) => curation.action === 'edit' && curation.text)
    out.push(edit ? { ...chunk, text: edit.text! } : { ...chunk })
  }
  const pageUrl = chunks.find((chunk) => chunk.sourceUrl)?.sourceUrl
  for (const pin of curations.filter((curation) => curation.action === 'pin' && curation.question && curation.answer)) {
    const text = `${pin.question}\n${pin.answer}`
    out.push({ ordinal: 0, text, headingPath: [pin.question!], tokenCount: Math.ceil(text.length / 4), ...(pageUrl ? { sourceUrl: pageUrl } : {}) })
  }
  out.forEach((chunk, index) => (chunk.ordinal = index))
  const needsReview: string[] = []
  const applied: string[] = []
  for (const curation of curations) {
    if (!curation.chunkHash) applied.push(curation.id)
    else if (present.has(curation.chunkHash)) applied.push(curation.id)
    else needsReview.push(curation.id)
  }
  return { chunks: out, needsReview, applied }
}
