import { IDBFactory } from 'fake-indexeddb'
import { IndexedDbStore } from './idb-store.js'
import { localStoreSuite } from '../testing/local-store-suite.js'
import { MemoryStore } from './memory-store.js'

localStoreSuite('MemoryStore', (options) => {
  const store = new MemoryStore(options)
  return { store, reopen: () => store }
})

localStoreSuite('IndexedDbStore (fake-indexeddb)', (options) => {
  const indexedDB = new IDBFactory()
  const make = () => new IndexedDbStore({ name: 'suite', indexedDB, ...options })
  return { store: make(), reopen: make }
})
