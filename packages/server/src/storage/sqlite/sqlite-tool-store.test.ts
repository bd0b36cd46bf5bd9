import { describeToolStore } from '../testing/tool-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeToolStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
