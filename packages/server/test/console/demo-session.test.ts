import { afterEach, describe, expect, it } from 'vitest'
import { ensureDemoSeed } from '../../src/demo-seed.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('demo sign-in for the chat app', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('mints a token for a demo user, and only for the demo app’s users', async () => {
    server = await startTestServer({ config: { seedDemo: true } })
    const seed = await ensureDemoSeed(server.server.context)
    const other = await server.createApp('Not the demo')
    await server.rest('POST', `/api/v1/apps/${other.id}/users`, { secret: other.secret, body: { id: 'mallory', name: 'Mallory' } })

    const listed = await server.rest('GET', '/api/v1/demo')
    expect(listed.body.appId).toBe(seed!.appId)
    // lin is the seeded support agent (docs/support.md): signing in as Lin shows the agent's side of a hand-off.
    expect(listed.body.users.map((user: { id: string }) => user.id)).toEqual(['alice', 'bob', 'carol', 'lin'])
    expect(listed.body.directory.map((user: { id: string }) => user.id)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']))
    expect(listed.body.directory.map((user: { id: string }) => user.id)).not.toContain('mallory')

    const session = await server.rest('POST', '/api/v1/demo/session', { body: { userId: 'bob' } })
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({ appId: seed!.appId, userId: 'bob', url: server.url })
    expect(session.body.token.split('.')).toHaveLength(3)

    const refused = await server.rest('POST', '/api/v1/demo/session', { body: { userId: 'mallory' } })
    expect(refused.status).toBe(403)
  })

  it('is off when WARBLER_DEMO is false, even when a seed exists', async () => {
    server = await startTestServer({ config: { seedDemo: true } })
    await ensureDemoSeed(server.server.context)
    server.server.context.config.seedDemo = false
    expect((await server.rest('GET', '/api/v1/demo')).status).toBe(404)
    expect((await server.rest('POST', '/api/v1/demo/session', { body: { userId: 'alice' } })).status).toBe(404)
  })

  it('is off when there is no demo seed', async () => {
    server = await startTestServer()
    expect((await server.rest('POST', '/api/v1/demo/session', { body: { userId: 'alice' } })).status).toBe(404)
  })
})
