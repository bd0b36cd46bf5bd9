import { describeAppKeyStore } from '../testing/app-key-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeAppKeyStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
