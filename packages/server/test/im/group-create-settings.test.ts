import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Security review finding 14: `POST /groups` used to drop `settings` silently (the request schema
// stripped the unknown field), so a group meant to be invite-only with hidden history was created open.
describe('POST /api/v1/apps/{appId}/groups with settings', () => {
  let server: TestServer
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    await createUsers(server, app, ['boss', 'ann', 'ben'])
  })
  afterAll(async () => {
    await server.close()
  })

  const call = (method: string, path: string, body?: unknown) =>
    server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })

  it('applies the settings it is given and reads them back', async () => {
    const settings = { joinMode: 'approval', muteAll: true, maxMembers: 50, historyVisibleToNewMembers: false, announcement: 'Welcome', membersCanInvite: false }
    const created = await call('POST', '/groups', { name: 'Private', ownerId: 'boss', memberIds: ['ann'], settings })
    expect(created.status).toBe(201)
    expect(created.body.settings).toMatchObject(settings)
    const read = await call('GET', `/conversations/${created.body.id}`)
    expect(read.body.settings).toMatchObject(settings)
  })

  it('validates settings as a settings update does', async () => {
    const refused = await call('POST', '/groups', { name: 'Bad', ownerId: 'boss', settings: { joinMode: 'anyone', maxMembers: 1 } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('validation_failed')
  })

  it('refuses more members than the maxMembers it sets', async () => {
    const full = await call('POST', '/groups', { name: 'Tiny', ownerId: 'boss', memberIds: ['ann', 'ben'], settings: { maxMembers: 2 } })
    expect(full.body.error.code).toBe('group_full')
  })
})
