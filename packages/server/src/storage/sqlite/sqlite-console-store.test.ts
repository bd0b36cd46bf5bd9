import { describeConsoleStore } from '../testing/console-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeConsoleStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
