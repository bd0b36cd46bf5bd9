import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleRoutes } from '../../src/console/register-console.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn, type ConsoleClient } from './console-client.js'

const PASSWORD = 'a very long password'

describe('console roles', () => {
  let server: TestServer
  let owner: ConsoleClient
  let viewer: ConsoleClient
  let agent: ConsoleClient
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    owner = await signIn(server, await createOwner(server))
    for (const role of ['viewer', 'agent']) {
      const created = await owner.call('POST', '/accounts', { email: `${role}@example.com`, password: PASSWORD, role })
      expect(created.status).toBe(201)
    }
    viewer = await signIn(server, { email: 'viewer@example.com', password: PASSWORD })
    agent = await signIn(server, { email: 'agent@example.com', password: PASSWORD })
    app = await server.createApp('Roles')
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'u1', name: 'User One' } })
  })
  afterAll(async () => server.close())

  it('a viewer is refused every mutating console route with 403, and nothing changes', async () => {
    const routes = consoleRoutes(server.server.context).filter((route) => route.method !== 'GET')
    expect(routes.length).toBeGreaterThanOrEqual(4)
    const before = await owner.call('GET', '/audit?limit=500')
    for (const route of routes) {
      const path = route.url.replace(':appId', app.id).replace(':accountId', 'ca_nobody')
      const answer = await viewer.call(route.method, path, { name: 'x', email: 'new@example.com', password: PASSWORD, role: 'owner' })
      expect(answer.status, `${route.method} ${route.url}`).toBe(403)
      expect(answer.body.error.code).toBe('forbidden')
    }
    const after = await owner.call('GET', '/audit?limit=500')
    expect(after.body.entries.length).toBe(before.body.entries.length)
  })

  it('a viewer may not change anything through the app API proxy either, but may read', async () => {
    const reads = await viewer.call('GET', `/apps/${app.id}/api/users`)
    expect(reads.status).toBe(200)
    expect(reads.body.users.map((user: { id: string }) => user.id)).toContain('u1')
    const attempts: [string, string, unknown][] = [
      ['POST', 'users', { id: 'u2', name: 'Two' }],
      ['PUT', 'users/u1/ban', { banned: true }],
      ['DELETE', 'users/u1/tokens', undefined],
      ['POST', 'groups', { name: 'G', ownerId: 'u1', memberIds: [] }],
      ['POST', 'knowledge-bases', { name: 'KB' }],
      ['POST', 'webhooks', { url: 'https://example.com/hook', events: ['message'] }],
      ['POST', 'messages', { from: 'u1', to: 'u1', body: { type: 'text', text: 'x' } }],
    ]
    for (const [method, path, body] of attempts) {
      const answer = await viewer.call(method, `/apps/${app.id}/api/${path}`, body)
      expect(answer.status, `${method} ${path}`).toBe(403)
    }
    const user = await server.rest('GET', `/api/v1/apps/${app.id}/users/u1`, { secret: app.secret })
    expect(user.body.name).toBe('User One')
  })

  it('an agent may ban a user but not rotate a secret or create accounts', async () => {
    expect((await agent.call('PUT', `/apps/${app.id}/api/users/u1/ban`, { banned: true })).status).toBe(200)
    expect((await agent.call('PUT', `/apps/${app.id}/api/users/u1/ban`, { banned: false })).status).toBe(200)
    expect((await agent.call('POST', `/apps/${app.id}/secret`)).status).toBe(403)
    expect((await agent.call('POST', '/accounts', { email: 'x@example.com', password: PASSWORD, role: 'owner' })).status).toBe(403)
  })

  it('a role change applies at once: the old sessions end', async () => {
    const accounts = await owner.call('GET', '/accounts')
    const agentAccount = accounts.body.accounts.find((account: { email: string }) => account.email === 'agent@example.com')
    expect((await owner.call('PATCH', `/accounts/${agentAccount.id}`, { role: 'viewer' })).status).toBe(200)
    expect((await agent.call('GET', '/apps')).status).toBe(401)
    const again = await signIn(server, { email: 'agent@example.com', password: PASSWORD })
    expect((await again.call('PUT', `/apps/${app.id}/api/users/u1/ban`, { banned: true })).status).toBe(403)
  })
})
