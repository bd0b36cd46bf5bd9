import { describeFileStore } from '../testing/file-store-conformance.js'
import { describeWebhookStore } from '../testing/webhook-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeWebhookStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
describeFileStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
