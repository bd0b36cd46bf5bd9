import type { Curation, SyncedItem, SyncStateStore } from '@warbler/ai'
import type { KnowledgeSourceStore } from '../../storage/knowledge-source-store.js'
import type { Clock } from '../../support/clock.js'

/** The sync state of one source over the knowledge-source store. */
export function sourceSyncState(store: KnowledgeSourceStore, appId: string, kbId: string, sourceId: string, clock: Clock): SyncStateStore {
  const documents = new Map<string, string | undefined>()
  return {
    async items() {
      const items = await store.listItems(appId, sourceId)
      for (const item of items) documents.set(item.itemId, item.documentId)
      return items
    },
    async putItem(item: SyncedItem) {
      documents.set(item.itemId, item.documentId)
      await store.putItem(appId, sourceId, item, clock.now())
    },
    async deleteItem(itemId) {
      const documentId = documents.get(itemId)
      await store.deleteItem(appId, sourceId, itemId)
      // The document is gone: so are the curations made on it.
      if (documentId) await store.deleteCurationsOf(appId, documentId)
    },
    async curations(documentId): Promise<Curation[]> {
      return (await store.listCurations(appId, kbId, documentId)).map((curation) => ({
        id: curation.id,
        documentId: curation.documentId,
        action: curation.action,
        needsReview: curation.needsReview,
        ...(curation.chunkHash !== null ? { chunkHash: curation.chunkHash } : {}),
        ...(curation.text !== null ? { text: curation.text } : {}),
        ...(curation.question !== null ? { question: curation.question } : {}),
        ...(curation.answer !== null ? { answer: curation.answer } : {}),
      }))
    },
    flagCurations: (ids, needsReview) => store.flagCurations(appId, ids, needsReview, clock.now()),
  }
}
