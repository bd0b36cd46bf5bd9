import { describeEvaluationStore } from '../testing/evaluation-store-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

describeEvaluationStore('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
