import type { KnowledgeBaseRecord } from '../store/knowledge-store.js'
import type { ConnectorContext, SourceChanges, SourceConnector, SourceItemState, SourceUpsert } from './connector.js'
import type { Curation } from './curation.js'
import { mapLimit } from './map-limit.js'
import { parseItem, rawContentHash } from './parse-item.js'
import type { SourceHttp } from './source-http.js'
import type { SyncedDocuments } from './synced-documents.js'

/** An item as the sync keeps it: its state, its document, and how often it answered 404/410 in a row. */
export interface SyncedItem extends SourceItemState {
  documentId?: string
  /** SHA-256 of the extracted text last indexed (see `parseItem`). */
  textHash?: string
  missingCount: number
}

/** Where the sync keeps items and reads curations (the server's knowledge-source store). */
export interface SyncStateStore {
  items(): Promise<SyncedItem[]>
  putItem(item: SyncedItem): Promise<void>
  deleteItem(itemId: string): Promise<void>
  /** The curations of a document. */
  curations(documentId: string): Promise<Curation[]>
  /** Sets or clears `needsReview` of curations. */
  flagCurations(ids: readonly string[], needsReview: boolean): Promise<void>
}

/** Counts of a run, as `GET …/runs` shows them. */
export interface SyncCounts {
  added: number
  updated: number
  deleted: number
  unchanged: number
  failed: number
}

/** One document's error in a run. */
export interface SyncItemError {
  itemId: string
  url?: string
  error: string
}

/** What a run had done when its listing failed, on the thrown error as `partial`. */
export interface SyncPartial extends SyncCounts {
  errors: SyncItemError[]
}

/** The counts a failed run had reached (see {@link SyncPartial}), if the error carries them. */
export function partialOf(error: unknown): SyncPartial | undefined {
  const partial = (error as { partial?: SyncPartial } | null)?.partial
  return partial && typeof partial.added === 'number' ? partial : undefined
}

/** The outcome of a run. */
export interface SyncResult extends SyncCounts {
  errors: SyncItemError[]
  nextCheckpoint?: string
  /** Requests sent, how many were conditional, how many answered 304. */
  requests: { total: number; conditional: number; notModified: number }
  /** Curations flagged for review in this run. */
  needsReview: number
}

/** What one run needs. */
export interface SyncInput {
  sourceId: string
  kb: KnowledgeBaseRecord
  connector: SourceConnector
  checkpoint?: string
  http: SourceHttp
  state: SyncStateStore
  documents: SyncedDocuments
  signal?: AbortSignal
  /** Called as items are processed (the console's progress bar). */
  onProgress?: (done: number, total: number) => void | Promise<void>
  /** Items written at once (default 2). */
  concurrency?: number
}

/** After how many consecutive 404/410 answers an item is removed. */
export const MISSING_RUNS_BEFORE_DELETE = 2
/** The most batches one run lists (a connector that never ends its run stops here). */
const MAX_BATCHES = 10_000

/**
 * One sync of a source: lists changes through the connector (conditional requests), then for
 * each upsert compares hashes — equal raw bytes, or equal extracted text, is `unchanged` and is
 * neither re-chunked nor re-embedded — and writes only what changed. Items the connector lists as
 * deleted (or that `listAllIds` no longer names) are removed from retrieval; an item answering
 * 404/410 is removed on its second consecutive run. A failing item keeps its previous version.
 */
export async function runSync(input: SyncInput): Promise<SyncResult> {
  const { state, documents, kb } = input
  const items = new Map((await state.items()).map((item) => [item.itemId, item]))
  const context: ConnectorContext = {
    http: input.http,
    previous: (itemId) => items.get(itemId),
    knownIds: () => [...items.keys()],
    ...(input.signal ? { signal: input.signal } : {}),
  }
  const counts: SyncCounts = { added: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 }
  const errors: SyncItemError[] = []
  const deletes = new Set<string>()
  let needsReview = 0
  let done = 0
  let total = 0
  const step = async () => {
    done++
    if (input.onProgress && done % 20 === 0) await input.onProgress(done, Math.max(total, done))
  }

  let checkpoint = input.checkpoint
  let changes: SourceChanges
  for (let batch = 0; ; batch++) {
    try {
      changes = await input.connector.listChanges(checkpoint, context)
    } catch (error) {
      // What earlier batches wrote stays written: the failed run still reports it.
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { partial: { ...counts, errors } satisfies SyncPartial })
    }
    for (const id of changes.deletes ?? []) deletes.add(id)
    const inBatch = changes.upserts.length + (changes.unchanged?.length ?? 0) + (changes.missing?.length ?? 0) + changes.failures.length
    total = Math.max(changes.total ?? 0, done + inBatch)

    for (const id of changes.unchanged ?? []) {
      const item = items.get(id)
      if (!item) continue
      counts.unchanged++
      if (item.missingCount > 0) await state.putItem({ ...item, missingCount: 0 })
      await step()
    }

    await mapLimit(changes.upserts, input.concurrency ?? 2, async (upsert) => {
      try {
        const outcome = await writeUpsert(input, items.get(upsert.itemId), upsert)
        counts[outcome.kind]++
        needsReview += outcome.needsReview
      } catch (error) {
        counts.failed++
        errors.push({ itemId: upsert.itemId, url: upsert.url, error: error instanceof Error ? error.message : String(error) })
      }
      await step()
    }, input.signal)

    for (const id of changes.missing ?? []) {
      const item = items.get(id)
      const missingCount = (item?.missingCount ?? 0) + 1
      if (item && missingCount >= MISSING_RUNS_BEFORE_DELETE) deletes.add(id)
      else {
        counts.failed++
        errors.push({ itemId: id, url: item?.url ?? id, error: item ? 'The page answered "not found"; it is removed if it still does on the next run.' : 'The page answered "not found".' })
        if (item) await state.putItem({ ...item, missingCount })
      }
      await step()
    }

    for (const failure of changes.failures) {
      counts.failed++
      errors.push({ itemId: failure.itemId, ...(failure.url ? { url: failure.url } : {}), error: failure.error })
      await step()
    }
    if (!changes.hasMore || batch >= MAX_BATCHES) break
    checkpoint = changes.nextCheckpoint
  }

  if (changes.deletes === undefined) {
    const all = await input.connector.listAllIds(context)
    if (all) {
      const listed = new Set(all)
      for (const id of items.keys()) if (!listed.has(id)) deletes.add(id)
    }
  }
  for (const id of deletes) {
    const item = items.get(id)
    if (!item) continue
    if (item.documentId) await documents.remove(kb.appId, kb.id, item.documentId)
    await state.deleteItem(id)
    counts.deleted++
    await step()
  }

  await input.onProgress?.(done, Math.max(total, done))
  return {
    ...counts,
    errors,
    needsReview,
    ...(changes.nextCheckpoint !== undefined ? { nextCheckpoint: changes.nextCheckpoint } : {}),
    requests: { total: input.http.stats.requests, conditional: input.http.stats.conditional, notModified: input.http.stats.notModified },
  }
}

async function writeUpsert(input: SyncInput, item: SyncedItem | undefined, upsert: SourceUpsert): Promise<{ kind: 'added' | 'updated' | 'unchanged'; needsReview: number }> {
  const { state, documents, kb } = input
  const validators = {
    ...(upsert.etag ? { etag: upsert.etag } : {}),
    ...(upsert.lastModified ? { lastModified: upsert.lastModified } : {}),
    ...(upsert.version ? { version: upsert.version } : {}),
  }
  const contentHash = rawContentHash(upsert.content)
  const base: SyncedItem = { itemId: upsert.itemId, url: upsert.url, ...validators, contentHash, missingCount: 0 }
  if (item?.documentId && item.contentHash === contentHash) {
    await state.putItem({ ...base, documentId: item.documentId, ...(item.textHash ? { textHash: item.textHash } : {}) })
    return { kind: 'unchanged', needsReview: 0 }
  }
  const parsed = await parseItem(upsert, documents.limits)
  if (item?.documentId && item.textHash === parsed.textHash) {
    await state.putItem({ ...base, documentId: item.documentId, textHash: parsed.textHash })
    return { kind: 'unchanged', needsReview: 0 }
  }
  const curations = item?.documentId ? await state.curations(item.documentId) : []
  const written = await documents.write(kb, {
    sourceId: input.sourceId,
    url: upsert.url,
    title: parsed.title,
    document: parsed.document,
    curations,
    ...(item?.documentId ? { documentId: item.documentId } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  })
  if (written.needsReview.length > 0) await state.flagCurations(written.needsReview, true)
  await state.putItem({ ...base, documentId: written.documentId, textHash: parsed.textHash })
  return { kind: item?.documentId ? 'updated' : 'added', needsReview: written.needsReview.length }
}
