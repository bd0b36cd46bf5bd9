/** An app's data key as stored: wrapped by the master key, or destroyed. */
export interface AppKeyRecord {
  appId: string
  /** The data key wrapped by the master key (see `compliance/keys/key-wrap.ts`); null once destroyed. */
  wrapped: string | null
  /** The fingerprint of the master key that wrapped it; null once destroyed. */
  masterKeyId: string | null
  createdAt: number
  /** When `warbler keys rotate` last re-wrapped it. */
  rewrappedAt: number | null
  /** When the key was destroyed (the app was deleted); everything sealed with it is unreadable. */
  destroyedAt: number | null
}

/**
 * Each app's data key, stored wrapped by the master key (encryption at rest, issue 20). The store
 * never sees a key in the clear.
 */
export interface AppKeyStore {
  /** The app's key record, destroyed or not; undefined when the app never had one. */
  get(appId: string): Promise<AppKeyRecord | undefined>
  /**
   * Stores a new wrapped key unless the app already has a record (alive or destroyed); answers
   * the record that is kept, so two nodes creating the first key at once agree on one.
   */
  createIfAbsent(record: { appId: string; wrapped: string; masterKeyId: string; createdAt: number }): Promise<AppKeyRecord>
  /** Live keys wrapped by any master key other than `masterKeyId`, in app id order, after `after`. */
  listNotWrappedBy(masterKeyId: string, options: { limit: number; after?: string }): Promise<AppKeyRecord[]>
  /**
   * Replaces the wrapping of a live key, only if it is still `expectedWrapped` (compare-and-set, so
   * a rotation and a destruction cannot undo each other). Answers whether it changed.
   */
  rewrap(appId: string, expectedWrapped: string, next: { wrapped: string; masterKeyId: string; at: number }): Promise<boolean>
  /** Destroys the app's key (crypto-shredding): the wrapped key is erased, the row kept as a marker. Answers whether a live key was destroyed. */
  destroy(appId: string, at: number): Promise<boolean>
}
