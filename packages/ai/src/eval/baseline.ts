import MiniSearch from 'minisearch'
import { toIndexText, toQueryTerms } from '../knowledge/tokenize/tokenize.js'
import type { EvalDocument } from './datasets.js'

/** Fixed windows of `size` characters advancing by `size - overlap`. */
export function fixedWindows(text: string, size = 400, overlap = 80): string[] {
  const out: string[] = []
  for (let start = 0; start < text.length; start += size - overlap) {
    out.push(text.slice(start, start + size))
    if (start + size >= text.length) break
  }
  return out
}

/**
 * The baseline: MiniSearch (BM25+) over 400-character windows with 80 characters of overlap.
 * It gets the same CJK-aware tokenizer, or Chinese would not be searchable at all, so the
 * comparison isolates chunking and ranking.
 */
export class BaselineIndex {
  private readonly search: MiniSearch<{ id: number; text: string }>
  private readonly texts: string[] = []

  constructor(documents: EvalDocument[]) {
    this.search = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => toIndexText(text).split(' '),
      processTerm: (term) => term,
      searchOptions: { combineWith: 'OR' },
    })
    const items: { id: number; text: string }[] = []
    for (const document of documents) {
      for (const window of fixedWindows(document.text)) {
        items.push({ id: this.texts.length, text: window })
        this.texts.push(window)
      }
    }
    this.search.addAll(items)
  }

  get size(): number {
    return this.texts.length
  }

  query(question: string, topK: number): string[] {
    const terms = toQueryTerms(question).map((term) => term.term)
    return this.search
      .search(terms.join(' '), { tokenize: (text) => text.split(' ') })
      .slice(0, topK)
      .map((hit) => this.texts[hit.id as number]!)
  }
}
