import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../src/storage/postgres/testing/postgres-test-database.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const skip = await postgresSkipReason()

describe.skipIf(skip !== undefined)('knowledge bases on PostgreSQL storage', () => {
  const schema = testSchemaName()
  const url = `${TEST_DATABASE_URL}?schema=${schema}`
  let first: TestServer
  let second: TestServer
  // Nodes of one cluster share their keys (the master key unwraps the apps' data keys), as a shared data dir gives them.
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-knowledge-pg-'))

  beforeAll(async () => {
    // two nodes on one database: what one ingests, the other finds
    first = await startTestServer({ dataDir, config: { databaseUrl: url } })
    second = await startTestServer({ dataDir, config: { databaseUrl: url } })
  })
  afterAll(async () => {
    await first?.close()
    await second?.close()
    await dropSchemas([schema])
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps knowledge bases in PostgreSQL, shared by every node, with no side SQLite file', async () => {
    const app = await first.createApp()
    const kb = (await first.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'FAQ' } })).body.id
    const base = `/api/v1/apps/${app.id}/knowledge-bases/${kb}`
    const document = await first.rest('POST', `${base}/documents`, {
      secret: app.secret,
      body: { title: '发票', text: '# 发票\n\n电子发票在付款后二十四小时内发送到您的邮箱。', format: 'markdown' },
    })
    expect(document.status).toBe(202)
    let status = ''
    for (let attempt = 0; attempt < 200 && status !== 'ready' && status !== 'failed'; attempt++) {
      status = (await second.rest('GET', `${base}/documents/${document.body.id}`, { secret: app.secret })).body.status
      if (status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(status).toBe('ready')
    const found = await second.rest('POST', `${base}/search`, { secret: app.secret, body: { query: '发票什么时候发', topK: 3 } })
    expect(found.body.results[0]).toMatchObject({ documentId: document.body.id, title: '发票' })
    expect(existsSync(join(first.dataDir, 'knowledge.db'))).toBe(false)
    expect(existsSync(join(second.dataDir, 'knowledge.db'))).toBe(false)
  })
})
