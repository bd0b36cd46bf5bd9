/**
 * The format-neutral shape every parser produces and the chunker consumes: a title and a flat
 * list of blocks in reading order. Headings are blocks, so the chunker can keep the heading path.
 */
export type DocumentBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  /** Preformatted code (a fenced block): its line breaks are kept, and it is quoted as code. */
  | { kind: 'code'; text: string; language?: string }
  /** A bulleted or numbered list, one entry per item. */
  | { kind: 'list'; items: string[]; ordered: boolean }
  /** A table as text rows (`a | b | c`); the first row is the header. Kept whole when it fits. */
  | { kind: 'table'; rows: string[] }
  /** One question/answer pair (CSV FAQ rows); always one chunk of its own. */
  | { kind: 'qa'; question: string; answer: string }
  /** The start of a new page in a crawl: resets the heading path and sets the source URL. */
  | { kind: 'page'; title: string; url: string }

/** A parsed document. */
export interface ParsedDocument {
  title?: string
  blocks: DocumentBlock[]
}
