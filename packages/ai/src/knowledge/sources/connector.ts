import type { SourceHttp } from './source-http.js'

/** What the sync remembers of one item of a source between runs (validators and content hash). */
export interface SourceItemState {
  /** The stable id of the item within its source (a page URL, a feed entry id, a file id). */
  itemId: string
  url?: string
  etag?: string
  lastModified?: string
  /** The connector's own version marker (a file's `updateTime`, a feed entry's `updated`). */
  version?: string
  /** SHA-256 of the normalised text last indexed. */
  contentHash?: string
}

/** The content of an item, as the connector read it. */
export type SourceContent =
  | { format: 'html' | 'markdown' | 'text'; text: string }
  /** Binary files (PDF, DOCX, CSV) are parsed on the knowledge parser's terms. */
  | { format: 'file'; filename: string; contentType: string; data: Uint8Array }

/** An item that is new or may have changed: its content and the validators it came with. */
export interface SourceUpsert {
  itemId: string
  /** Where a reader can open it: cited with every chunk of it. */
  url: string
  title?: string
  content: SourceContent
  etag?: string
  lastModified?: string
  version?: string
}

/** An item that could not be read this run; it keeps its previous version in retrieval. */
export interface SourceFailure {
  itemId: string
  url?: string
  /** Human words, no secrets. */
  error: string
}

/** What one `listChanges` call found. */
export interface SourceChanges {
  /** Items whose content was read (new, or maybe changed: the content hash decides). */
  upserts: SourceUpsert[]
  /** Items the source says are gone (e.g. no longer in the sitemap). */
  deletes?: string[]
  /** Items that answered 404/410 this run: removed when it happens on two consecutive runs. */
  missing?: string[]
  /** Items confirmed unchanged without reading them (304 Not Modified, same version). */
  unchanged?: string[]
  /** Opaque state for the next run (validators of the listing, a high-water mark). */
  nextCheckpoint?: string
  failures: SourceFailure[]
  /**
   * More of this run remains: the sync writes this batch, then calls `listChanges` again with
   * `nextCheckpoint`, so a large source never holds all its pages in memory. Deletes are taken
   * from every batch; the checkpoint of the last batch is the one kept for the next run.
   */
  hasMore?: boolean
  /** How many items this run covers in all, when known (for the progress bar). */
  total?: number
}

/** What a connector may use while listing: the guarded HTTP client and what the last runs saw. */
export interface ConnectorContext {
  http: SourceHttp
  /** The state of an item after the last run, if it was seen before. */
  previous(itemId: string): SourceItemState | undefined
  /** The ids of every item currently indexed from this source. */
  knownIds(): string[]
  signal?: AbortSignal
}

/**
 * A source of documents that stay in sync. `listChanges` reads what changed since `checkpoint`
 * (undefined on the first run), sending conditional requests with the previous validators so an
 * unchanged item costs a 304 and no parsing. `listAllIds` answers every id the source holds now
 * (used to prune deletions), or `undefined` when the source cannot tell (a feed shows only its
 * newest entries, so an entry that scrolled off is not a deletion).
 *
 * @example
 * ```ts
 * const connector: SourceConnector = {
 *   kind: 'my-wiki',
 *   async listChanges(checkpoint, context) {
 *     const page = await context.http.get('https://wiki.example.com/faq', context.previous('faq'))
 *     if (page.status === 304) return { upserts: [], unchanged: ['faq'], failures: [] }
 *     if (page.status !== 200) return { upserts: [], missing: ['faq'], failures: [] }
 *     return { upserts: [{ itemId: 'faq', url: page.url, content: { format: 'html', text: page.text() }, ...validatorsOf(page) }], failures: [] }
 *   },
 *   async listAllIds() { return ['faq'] },
 * }
 * ```
 */
export interface SourceConnector {
  readonly kind: string
  listChanges(checkpoint: string | undefined, context: ConnectorContext): Promise<SourceChanges>
  listAllIds(context: ConnectorContext): Promise<string[] | undefined>
}
