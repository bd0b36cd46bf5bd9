import Database from 'better-sqlite3'
import { describeKnowledgeStore } from '../testing/knowledge-store-conformance.js'
import { SqliteKnowledgeStore } from './sqlite-knowledge-store.js'

describeKnowledgeStore('sqlite + sqlite-vec', async () => new SqliteKnowledgeStore(new Database(':memory:')))
describeKnowledgeStore('sqlite, exact cosine', async () => new SqliteKnowledgeStore(new Database(':memory:'), { useSqliteVec: false }))
