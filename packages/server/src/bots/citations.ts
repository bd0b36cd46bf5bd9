import type { SearchResult } from '@warbler/ai'
import { isSafeMessageUrl } from '@warbler/protocol'

/** A source a bot's answer refers to as `[index]`, stored in the final message's `ext.citations`. */
export interface Citation {
  index: number
  title: string
  documentId: string
  chunkId: string
  knowledgeBaseId: string
  /** The headings above the passage, outermost first: a chip reads "title › heading › sub-heading". */
  headingPath: string[]
  /** The passage itself, so a citation opens to what the answer relies on (shortened to fit `ext`). */
  text: string
  url?: string
}

/**
 * Bytes of UTF-8 all citation texts of one message may take together: `ext` is capped at 8 KiB
 * (`DEFAULT_LIMITS.maxExtBytes`) and the rest of each citation needs room too.
 */
export const CITATION_TEXT_BUDGET_BYTES = 5000

/** Shortens a text to at most `maxBytes` of UTF-8, on a character boundary, marking the cut with "…". */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = ''
  let bytes = 0
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (bytes + size > maxBytes - 3) break
    out += char
    bytes += size
  }
  return `${out.trimEnd()}…`
}

/**
 * Numbers retrieved chunks from 1 as citations, each with its passage (`texts` when given, else
 * the chunk's text) shortened so all of them fit {@link CITATION_TEXT_BUDGET_BYTES}. A source link
 * goes along only when a message may carry it (http(s) or this server's file URLs): a document's
 * `javascript:` link is not cited.
 */
export function toCitations(results: readonly SearchResult[], texts?: readonly string[]): Citation[] {
  const share = Math.floor(CITATION_TEXT_BUDGET_BYTES / Math.max(1, results.length))
  return results.map((result, position) => ({
    index: position + 1,
    title: result.title,
    documentId: result.documentId,
    chunkId: result.chunkId,
    knowledgeBaseId: result.knowledgeBaseId,
    headingPath: result.headingPath,
    text: truncateBytes(texts?.[position] ?? result.text, share),
    ...(result.sourceUrl && isSafeMessageUrl(result.sourceUrl) ? { url: result.sourceUrl } : {}),
  }))
}

/** The citations an answer refers to (`[2]`, `【2】`); all of them when it refers to none. */
export function citedIn(text: string, citations: readonly Citation[]): Citation[] {
  const referred = new Set([...text.matchAll(/[[【](\d{1,2})[\]】]/g)].map((match) => Number(match[1])))
  const cited = citations.filter((citation) => referred.has(citation.index))
  return cited.length > 0 ? cited : [...citations]
}
