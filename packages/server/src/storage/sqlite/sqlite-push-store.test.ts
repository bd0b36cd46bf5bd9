import { describePushStore } from '../testing/push-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describePushStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
