/** A table that holds rows of apps (it has an `app_id` column), as the purge deletes from it. */
export interface PurgeTable {
  name: string
}

/** A stored file of a deleted app: its bytes and thumbnail in file storage, its row in `files`. */
export interface PurgeFile {
  id: string
  storageKey: string
  thumbnailKey: string | null
}

/**
 * What deleting an app needs of the database (issue 20): the app marked deleted at once, then its
 * rows removed in small batches from every table that has an `app_id` column (found in the schema,
 * so a table added later is purged too), the `apps` row last. Every call is idempotent, so a purge
 * that stopped half way is finished by running it again.
 */
export interface AppPurgeStore {
  /**
   * Marks the app deleted: no lookup finds it any more, and its secret and token signing key are
   * replaced by random values nobody holds. Answers false when it was already deleted or never existed.
   */
  markDeleted(appId: string, at: number): Promise<boolean>
  /** When the app was marked deleted, while its `apps` row is still there (its purge is not done). */
  deletedAt(appId: string): Promise<number | undefined>
  /** Deleted apps whose purge has not finished, oldest first. */
  pendingDeletions(): Promise<{ appId: string; deletedAt: number }[]>
  /**
   * The tables to purge, in an order that respects foreign keys (the ones others refer to last);
   * without the audit chain and its personal rows, the console's audit log, the data key markers and
   * `apps` itself.
   */
  tables(): Promise<readonly PurgeTable[]>
  /** Deletes up to `limit` rows of the app from the table; answers how many went. */
  deleteBatch(table: PurgeTable, appId: string, limit: number): Promise<number>
  /** Up to `limit` stored files of the app (their rows are deleted with `files`, after their bytes). */
  files(appId: string, limit: number, after?: string): Promise<PurgeFile[]>
  /** Where the app's export zips are kept (their rows go with `export_jobs`). */
  exportPaths(appId: string): Promise<string[]>
  /**
   * Deletes the personal side rows of the app's audit chain entries, but those of `keepActions`
   * (the record of the deletion itself). The chain entries stay, so `warbler audit verify` passes.
   */
  erasePersonal(appId: string, keepActions: readonly string[]): Promise<number>
  /** Deletes the `apps` row of a deleted app (after every row referring to it). */
  removeApp(appId: string): Promise<boolean>
}
