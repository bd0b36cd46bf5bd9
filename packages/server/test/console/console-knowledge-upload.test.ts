import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePdf } from '../../../ai/src/knowledge/testing/document-fixtures.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn } from './console-client.js'

describe('console file upload into a knowledge base (multipart, as the account)', () => {
  let server: TestServer
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
  })
  afterAll(async () => {
    await server.close()
  })

  async function upload(cookie: string | undefined, kbId: string, csrf = true) {
    const form = new FormData()
    form.append('file', new Blob([makePdf(['The warranty covers the battery for two years.'])], { type: 'application/pdf' }), 'warranty.pdf')
    const response = await fetch(`${server.url}/api/v1/console/apps/${app.id}/knowledge-bases/${kbId}/documents`, {
      method: 'POST', headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-warbler-console': '1' } : {}) }, body: form,
    })
    return { status: response.status, body: (await response.json()) as any }
  }

  it('streams a PDF into the knowledge service, audits the account, and refuses without a session, the CSRF header or the role', async () => {
    const owner = await signIn(server, await createOwner(server))
    const kb = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Manuals' } })
    const created = await upload(owner.cookie, kb.body.id)
    expect(created.status).toBe(202)
    await server.server.context.knowledge.whenIdle()
    const document = await server.rest('GET', `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}/documents/${created.body.id}`, { secret: app.secret })
    expect(document.body).toMatchObject({ status: 'ready', title: 'warranty' })
    const audit = await owner.call('GET', `/audit?appId=${app.id}`)
    expect(audit.body.entries.find((entry: any) => entry.action === 'POST /api/v1/apps/:appId/knowledge-bases/:kbId/documents')).toMatchObject({ actorType: 'console', actorId: 'owner@example.com', status: 202 })

    expect((await upload(undefined, kb.body.id)).status).toBe(401)
    expect((await upload(owner.cookie, kb.body.id, false)).status).toBe(403)
    await owner.call('POST', '/accounts', { email: 'viewer@example.com', password: 'viewer password 1', name: 'Vi', role: 'viewer' })
    const viewer = await signIn(server, { email: 'viewer@example.com', password: 'viewer password 1' })
    expect((await upload(viewer.cookie, kb.body.id)).status).toBe(403)
    expect((await upload(owner.cookie, 'kb_missing')).status).toBe(404)
  })
})
