import type { SearchResult } from '@warbler/ai'
import { isSafeMessageUrl } from '@warbler/protocol'

/** A source a bot's answer refers to as `[index]`, stored in the final message's `ext.citations`. */
export interface Citation {
  index: number
  title: string
  documentId: string
  chunkId: string
  knowledgeBaseId: string
  headingPath: string[]
  url?: string
}

/**
 * Numbers retrieved chunks from 1 as citations. A source link goes along only when a message may
 * carry it (http(s) or this server's file URLs): a document's `javascript:` link is not cited.
 */
export function toCitations(results: readonly SearchResult[]): Citation[] {
  return results.map((result, position) => ({
    index: position + 1,
    title: result.title,
    documentId: result.documentId,
    chunkId: result.chunkId,
    knowledgeBaseId: result.knowledgeBaseId,
    headingPath: result.headingPath,
    ...(result.sourceUrl && isSafeMessageUrl(result.sourceUrl) ? { url: result.sourceUrl } : {}),
  }))
}

/** The citations an answer refers to (`[2]`, `【2】`); all of them when it refers to none. */
export function citedIn(text: string, citations: readonly Citation[]): Citation[] {
  const referred = new Set([...text.matchAll(/[[【](\d{1,2})[\]】]/g)].map((match) => Number(match[1])))
  const cited = citations.filter((citation) => referred.has(citation.index))
  return cited.length > 0 ? cited : [...citations]
}
