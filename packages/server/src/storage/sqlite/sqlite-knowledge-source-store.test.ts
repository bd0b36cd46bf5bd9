import { describeKnowledgeSourceStore } from '../testing/knowledge-source-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeKnowledgeSourceStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
