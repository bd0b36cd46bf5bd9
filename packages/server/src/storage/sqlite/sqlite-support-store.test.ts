import { describeSupportStore } from '../testing/support-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeSupportStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
