import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { consoleClient, createOwner, signIn } from './console-client.js'

describe('console sign-in', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  it('creates the first owner only with the operator key', async () => {
    const refused = await server.rest('POST', '/api/v1/console/owners', { secret: 'wok_not-the-key-at-all', body: { email: 'x@example.com', password: 'long enough pw' } })
    expect(refused.status).toBe(401)
    const missing = await server.rest('POST', '/api/v1/console/owners', { body: { email: 'x@example.com', password: 'long enough pw' } })
    expect(missing.status).toBe(401)
    const short = await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { email: 'x@example.com', password: 'short' } })
    expect(short.status).toBe(400)
    const owner = await createOwner(server)
    const again = await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { ...owner } })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'conflict', details: { reason: 'owner_exists' } })
  })

  it('signs in with a hashed password and an httpOnly SameSite=Strict cookie', async () => {
    const client = consoleClient(server)
    const answer = await client.call('POST', '/session', { email: 'OWNER@example.com', password: 'correct horse battery' })
    expect(answer.status).toBe(200)
    expect(answer.body.account).toMatchObject({ email: 'owner@example.com', role: 'owner' })
    expect(answer.body.account.passwordHash).toBeUndefined()
    const cookie = answer.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const me = await client.call('GET', '/session')
    expect(me.body.account.email).toBe('owner@example.com')
    expect(me.body.permissions).toContain('accounts.manage')
  })

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await consoleClient(server).call('POST', '/session', { email: 'owner@example.com', password: 'wrong password!' })
    const unknown = await consoleClient(server).call('POST', '/session', { email: 'nobody@example.com', password: 'wrong password!' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
  })

  it('never stores the session id or the password in clear', async () => {
    const client = await signIn(server, { email: 'owner@example.com', password: 'correct horse battery' })
    const sessionId = decodeURIComponent(client.cookie!.split('=')[1]!)
    const db = (server.server.context.storage as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db
    const dump = JSON.stringify([db.prepare('SELECT * FROM console_sessions').all(), db.prepare('SELECT * FROM console_accounts').all()])
    expect(dump).not.toContain(sessionId)
    expect(dump).not.toContain('correct horse battery')
    expect(dump).toContain('$argon2id$')
  })

  it('requires the CSRF header on changes, even with a valid session', async () => {
    const client = await signIn(server, { email: 'owner@example.com', password: 'correct horse battery' })
    const refused = await client.call('POST', '/apps', { name: 'No header' }, { csrf: false })
    expect(refused.status).toBe(403)
    const apps = await client.call('GET', '/apps')
    expect(apps.body.apps.map((app: { name: string }) => app.name)).not.toContain('No header')
    const loginWithoutHeader = await consoleClient(server).call('POST', '/session', { email: 'owner@example.com', password: 'correct horse battery' }, { csrf: false })
    expect(loginWithoutHeader.status).toBe(403)
  })

  it('signs out: the cookie stops working', async () => {
    const client = await signIn(server, { email: 'owner@example.com', password: 'correct horse battery' })
    const cookie = client.cookie
    expect((await client.call('DELETE', '/session')).status).toBe(200)
    client.cookie = cookie
    expect((await client.call('GET', '/session')).status).toBe(401)
  })

  it('refuses console routes without a session', async () => {
    const anonymous = consoleClient(server)
    expect((await anonymous.call('GET', '/apps')).status).toBe(401)
    expect((await anonymous.call('GET', '/audit')).status).toBe(401)
    expect((await anonymous.call('GET', '/apps/a_x/api/users')).status).toBe(401)
  })
})

describe('console sign-in throttling', () => {
  it('refuses an email after five wrong passwords with 429 and Retry-After, even with the right one', async () => {
    const server = await startTestServer()
    try {
      const owner = await createOwner(server, 'target@example.com', 'the right password')
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await consoleClient(server).call('POST', '/session', { email: owner.email, password: `guess ${attempt}` })).status).toBe(401)
      }
      const refused = await consoleClient(server).call('POST', '/session', owner)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  })
})
