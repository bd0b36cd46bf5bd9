import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeEmbeddingsServer } from '../../../ai/src/knowledge/testing/fake-embeddings-server.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('vector retrieval when an embedding model is configured', () => {
  let embeddings: Awaited<ReturnType<typeof startFakeEmbeddingsServer>>
  let server: TestServer

  beforeAll(async () => {
    embeddings = await startFakeEmbeddingsServer()
    process.env.WARBLER_EMBEDDING_BASE_URL = embeddings.baseUrl
    process.env.WARBLER_EMBEDDING_MODEL = 'fake-embed'
    process.env.WARBLER_EMBEDDING_API_KEY = 'test-key'
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
    await embeddings?.close()
    delete process.env.WARBLER_EMBEDDING_BASE_URL
    delete process.env.WARBLER_EMBEDDING_MODEL
    delete process.env.WARBLER_EMBEDDING_API_KEY
  })

  it('finds a passage by meaning through the REST search, with no word in common', async () => {
    const app = await server.createApp()
    const kb = (await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Help' } })).body.id
    const base = `/api/v1/apps/${app.id}/knowledge-bases/${kb}`
    const text = '# Billing\n\nRefund requests are handled by the billing team.\n\n# Logistics\n\nDelivery takes three days.'
    const document = (await server.rest('POST', `${base}/documents`, { secret: app.secret, body: { title: 'Support', text, format: 'markdown' } })).body
    let status = ''
    for (let attempt = 0; attempt < 200 && status !== 'ready' && status !== 'failed'; attempt++) {
      status = (await server.rest('GET', `${base}/documents/${document.id}`, { secret: app.secret })).body.status
      if (status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(status).toBe('ready')
    const { body } = await server.rest('POST', `${base}/search`, { secret: app.secret, body: { query: 'money back', topK: 1 } })
    expect(body.results[0].text).toContain('Refund requests')
    expect(embeddings.requests.some((request) => request.input.includes('money back'))).toBe(true)
  })
})
