import { describeComplianceStore } from '../testing/compliance-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeComplianceStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
