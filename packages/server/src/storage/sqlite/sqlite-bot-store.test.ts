import { describeBotStore } from '../testing/bot-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeBotStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
