import type { Curation } from '../curation.js'
import type { SyncedItem, SyncStateStore } from '../run-sync.js'

/** An in-memory {@link SyncStateStore} for connector and sync tests. */
export class MemorySyncState implements SyncStateStore {
  readonly map = new Map<string, SyncedItem>()
  readonly curationList: Curation[] = []

  async items(): Promise<SyncedItem[]> {
    return [...this.map.values()]
  }
  async putItem(item: SyncedItem): Promise<void> {
    this.map.set(item.itemId, item)
  }
  async deleteItem(itemId: string): Promise<void> {
    this.map.delete(itemId)
  }
  async curations(documentId: string): Promise<Curation[]> {
    return this.curationList.filter((curation) => curation.documentId === documentId)
  }
  async flagCurations(ids: readonly string[], needsReview: boolean): Promise<void> {
    for (const curation of this.curationList) if (ids.includes(curation.id)) curation.needsReview = needsReview
  }
}
