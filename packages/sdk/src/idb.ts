/**
 * `@warbler/sdk/idb`: the IndexedDB store for browsers, in its own entry so Node apps never load it.
 *
 * @example
 * ```ts
 * import { IndexedDbStore } from '@warbler/sdk/idb'
 * const store = new IndexedDbStore({ name: 'warbler-myapp' })
 * ```
 */
export { IndexedDbStore, type IndexedDbStoreOptions } from './stores/idb-store.js'
export type {
  IdbDatabaseLike,
  IdbFactoryLike,
  IdbIndexLike,
  IdbObjectStoreLike,
  IdbOpenRequestLike,
  IdbRequestLike,
  IdbTransactionLike,
} from './stores/idb-types.js'
