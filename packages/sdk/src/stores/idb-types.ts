/* eslint-disable @typescript-eslint/no-explicit-any -- event handlers of the DOM typings take DOM events */
// The subset of IndexedDB the IndexedDB store uses, so the SDK compiles without the DOM library
// and accepts any implementation (the browser's, or `fake-indexeddb` in tests).

/** An IndexedDB request. */
export interface IdbRequestLike<T = any> {
  readonly result: T
  readonly error: unknown
  onsuccess: ((event: any) => void) | null
  onerror: ((event: any) => void) | null
}

/** The request `indexedDB.open()` returns. */
export interface IdbOpenRequestLike extends IdbRequestLike<IdbDatabaseLike> {
  onupgradeneeded: ((event: any) => void) | null
  onblocked: ((event: any) => void) | null
}

/** `indexedDB` itself. */
export interface IdbFactoryLike {
  open(name: string, version?: number): IdbOpenRequestLike
  deleteDatabase(name: string): IdbRequestLike
}

/** An open database. */
export interface IdbDatabaseLike {
  readonly objectStoreNames: { contains(name: string): boolean }
  createObjectStore(name: string, options?: { keyPath?: string | string[] }): IdbObjectStoreLike
  transaction(storeNames: string | string[], mode?: 'readonly' | 'readwrite'): IdbTransactionLike
  close(): void
}

/** A transaction. */
export interface IdbTransactionLike {
  objectStore(name: string): IdbObjectStoreLike
  readonly error: unknown
  oncomplete: ((event: any) => void) | null
  onerror: ((event: any) => void) | null
  onabort: ((event: any) => void) | null
  abort(): void
}

/** An object store. */
export interface IdbObjectStoreLike {
  put(value: any, key?: any): IdbRequestLike
  get(key: any): IdbRequestLike
  getAll(): IdbRequestLike<any[]>
  getAllKeys(): IdbRequestLike<any[]>
  delete(key: any): IdbRequestLike
  clear(): IdbRequestLike
  index(name: string): IdbIndexLike
  createIndex(name: string, keyPath: string | string[], options?: { unique?: boolean }): unknown
}

/** An index. */
export interface IdbIndexLike {
  getAll(query?: any): IdbRequestLike<any[]>
  getAllKeys(query?: any): IdbRequestLike<any[]>
}
