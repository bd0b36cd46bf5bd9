import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

async function waitReady(server: TestServer, secret: string, path: string): Promise<any> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await server.rest('GET', path, { secret })
    if (body.status === 'ready' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`document at ${path} never became ready`)
}

describe('knowledge-base REST', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let other: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    other = await server.createApp('Other')
  })
  afterAll(async () => {
    await server.close()
  })

  it('creates a knowledge base, ingests text, a multipart upload and answers searches with sources', async () => {
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Help center' } })
    expect(created.status).toBe(201)
    const kbId = created.body.id
    const base = `/api/v1/apps/${app.id}/knowledge-bases/${kbId}`

    const text = await server.rest('POST', `${base}/documents`, {
      secret: app.secret,
      body: { title: '退款政策', text: '# 退款\n\n收到商品后三十天内可以申请退款，五个工作日内到账。', format: 'markdown' },
    })
    expect(text.status).toBe(202)
    expect(text.body).toMatchObject({ status: 'queued' })

    const form = new FormData()
    form.append('title', 'Shipping')
    form.append('file', new Blob(['# Shipping\n\nOrders ship within two business days from the Shenzhen warehouse.'], { type: 'text/markdown' }), 'shipping.md')
    const upload = await fetch(`${server.url}${base}/documents`, { method: 'POST', headers: { authorization: `Bearer ${app.secret}` }, body: form })
    expect(upload.status).toBe(202)
    const uploaded = (await upload.json()) as { id: string }

    const ready = await waitReady(server, app.secret, `${base}/documents/${text.body.id}`)
    expect(ready).toMatchObject({ id: text.body.id, status: 'ready', progress: 1 })
    expect(ready.chunkCount).toBeGreaterThan(0)
    expect(await waitReady(server, app.secret, `${base}/documents/${uploaded.id}`)).toMatchObject({ status: 'ready', title: 'Shipping' })

    const search = await server.rest('POST', `${base}/search`, { secret: app.secret, body: { query: '退款多久到账', topK: 3 } })
    expect(search.status).toBe(200)
    expect(search.body.results[0]).toMatchObject({ documentId: text.body.id, title: '退款政策' })
    expect(search.body.results[0].text).toContain('五个工作日')
    const shipping = await server.rest('POST', `${base}/search`, { secret: app.secret, body: { query: 'when do orders ship', topK: 3 } })
    expect(shipping.body.results[0]).toMatchObject({ documentId: uploaded.id })

    const listed = await server.rest('GET', `${base}/documents`, { secret: app.secret })
    expect(listed.body.documents.map((document: any) => document.id).sort()).toEqual([text.body.id, uploaded.id].sort())
    const chunks = await server.rest('GET', `${base}/documents/${text.body.id}/chunks`, { secret: app.secret })
    expect(chunks.body.chunks[0].text).toContain('三十天')

    const renamed = await server.rest('PUT', `${base}/documents/${text.body.id}`, { secret: app.secret, body: { title: 'Refund policy 退款政策', tags: ['policy'] } })
    expect(renamed.body).toMatchObject({ title: 'Refund policy 退款政策', tags: ['policy'] })

    expect((await server.rest('DELETE', `${base}/documents/${uploaded.id}`, { secret: app.secret })).status).toBe(200)
    expect((await server.rest('GET', `${base}/documents/${uploaded.id}`, { secret: app.secret })).status).toBe(404)
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret })).body.knowledgeBases).toHaveLength(1)
  })

  it('refuses another app, a missing secret and bad documents with clear errors', async () => {
    const { body } = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Private' } })
    const path = `/api/v1/apps/${app.id}/knowledge-bases/${body.id}`
    expect((await server.rest('GET', path)).status).toBe(401)
    expect((await server.rest('GET', path, { secret: other.secret })).status).toBe(401)
    expect((await server.rest('GET', `/api/v1/apps/${other.id}/knowledge-bases/${body.id}`, { secret: other.secret })).status).toBe(404)
    const empty = await server.rest('POST', `${path}/documents`, { secret: app.secret, body: { title: 'x', text: '   ' } })
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toBe('validation_failed')
    const badUrl = await server.rest('POST', `${path}/documents`, { secret: app.secret, body: { url: 'ftp://example.com/x' } })
    expect(badUrl.status).toBe(400)
    const form = new FormData()
    form.append('file', new Blob(['MZ\u0000binary'], { type: 'application/octet-stream' }), 'tool.exe')
    const upload = await fetch(`${server.url}${path}/documents`, { method: 'POST', headers: { authorization: `Bearer ${app.secret}` }, body: form })
    expect(upload.status).toBe(415)
    expect(((await upload.json()) as any).error.code).toBe('unsupported_media_type')
  })
})
