import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn, type ConsoleClient } from './console-client.js'

const PASSWORD = 'a very long password'

/** Sends a request with the path exactly as given (no URL normalisation by the client). */
function rawCall(server: TestServer, method: string, path: string, options: { cookie?: string; body?: unknown; authorization?: string } = {}): Promise<{ status: number; body: any }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const { port, hostname } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        port,
        method,
        path,
        headers: {
          'x-warbler-console': '1',
          'user-agent': 'escalation-test/1.0',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.authorization ? { authorization: options.authorization } : {}),
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, body })
        })
      },
    )
    request.on('error', reject)
    if (payload !== undefined) request.write(payload)
    request.end()
  })
}

describe('console app API proxy: no escalation through the forwarded path', () => {
  let server: TestServer
  let owner: ConsoleClient
  let admin: ConsoleClient
  let agent: ConsoleClient
  let app: { id: string; secret: string }
  let other: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    owner = await signIn(server, await createOwner(server))
    for (const role of ['admin', 'agent']) {
      expect((await owner.call('POST', '/accounts', { email: `${role}@example.com`, password: PASSWORD, role })).status).toBe(201)
    }
    admin = await signIn(server, { email: 'admin@example.com', password: PASSWORD })
    agent = await signIn(server, { email: 'agent@example.com', password: PASSWORD })
    app = await server.createApp('Proxied')
    other = await server.createApp('Other')
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'u1', name: 'User One' } })
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'helper', name: 'Helper' } })).status).toBe(201)
  })
  afterAll(async () => server.close())

  /** What an escalation would change: owners, the other app's secret, the bot, webhooks, apps. */
  async function state() {
    const accounts = await owner.call('GET', '/accounts')
    const otherSecretWorks = (await server.rest('GET', `/api/v1/apps/${other.id}/users`, { secret: other.secret })).status === 200
    const bot = (await server.rest('GET', `/api/v1/apps/${app.id}/bots/helper`, { secret: app.secret })).status
    const webhooks = await server.rest('GET', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret })
    const apps = await server.rest('GET', '/api/v1/apps', { secret: server.operatorKey })
    return {
      accounts: accounts.body.accounts.map((account: { email: string; role: string }) => `${account.email}:${account.role}`).sort(),
      otherSecretWorks,
      bot,
      webhooks: webhooks.body.webhooks.length,
      apps: apps.body.apps.length,
    }
  }

  const newOwner = { email: 'evil@example.com', password: PASSWORD, name: 'Evil' }
  const webhook = { url: 'https://example.com/hook', events: ['message'] }

  /** Attack paths below `/api/v1/console/apps/{appId}/api/`, as the review found them and variants. */
  function attacks(): [method: string, path: string, body: unknown][] {
    const A = app.id
    const B = other.id
    return [
      // backslashes and a smuggled ? (the original finding)
      ['POST', 'users/..%5C..%5C..%5Cconsole%5Cowners%3F/ban', newOwner],
      ['POST', `users/..%5C..%5C${B}%5Csecret%3F/ban`, {}],
      ['DELETE', `users/..%5C..%5C${A}%5Cbots%5Chelper%3F/ban`, undefined],
      ['POST', `users/..%5C..%5C${A}%5Cwebhooks%3F/ban`, webhook],
      // a smuggled # instead of ?
      ['POST', 'users/..%5C..%5C..%5Cconsole%5Cowners%23/ban', newOwner],
      ['POST', `users/..%5C..%5C${B}%5Csecret%23/tokens`, {}],
      // encoded slashes (the admin's variant)
      ['POST', '..%2F..%2Fconsole%2Fowners', newOwner],
      ['POST', `..%2F${B}%2Fsecret`, {}],
      ['PUT', `users/..%2F..%2F..%2Fconsole%2Fowners%3F/ban`, newOwner],
      // encoded dots
      ['POST', '%2E%2E/%2E%2E/console/owners', newOwner],
      ['POST', `%2e%2e/${B}/secret`, {}],
      ['POST', `users/%2E%2E%5C%2E%2E%5C${B}%5Csecret%3F/ban`, {}],
      // double encoding
      ['POST', 'users/%252E%252E%255C%252E%252E%255C%252E%252E%255Cconsole%255Cowners%253F/ban', newOwner],
      ['POST', `%252E%252E%252F${B}%252Fsecret`, {}],
      // literal dot segments and backslashes, sent as they are
      ['POST', '../../console/owners', newOwner],
      ['POST', `../${B}/secret`, {}],
      ['PUT', `users/..\\..\\..\\console\\owners%3F/ban`, newOwner],
      ['DELETE', `users\\..\\bots\\helper%3F/ban`, undefined],
      ['POST', `users/u1/..\\..\\webhooks%3F/tokens`, webhook],
      // empty segments and a semicolon
      ['POST', `users//../../${B}/secret`, {}],
      ['POST', `users/u1;/../../../${B}/secret`, {}],
    ]
  }

  for (const role of ['agent', 'admin'] as const) {
    it(`an ${role} gets 4xx for every escaping path, and nothing changes`, async () => {
      const client = role === 'agent' ? agent : admin
      const operatorEntries = async () =>
        (await owner.call('GET', '/audit?limit=500')).body.entries.filter((entry: { actorType: string }) => entry.actorType === 'operator').map((entry: { id: number }) => entry.id)
      const operatorBefore = await operatorEntries()
      const before = await state()
      expect(before).toMatchObject({ otherSecretWorks: true, bot: 200, webhooks: 0 })
      for (const [method, path, body] of attacks()) {
        const answer = await rawCall(server, method, `/api/v1/console/apps/${app.id}/api/${path}`, { cookie: client.cookie!, body })
        expect(answer.status, `${role} ${method} ${path}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400)
        expect(answer.status, `${role} ${method} ${path}`).toBeLessThan(500)
        expect(answer.body.error?.code, `${role} ${method} ${path}`).toBeTypeOf('string')
      }
      expect(await state()).toEqual(before)
      expect(await operatorEntries()).toEqual(operatorBefore)
    })
  }

  it('an unknown app API route is 404, an operator-only route is out of reach', async () => {
    const unknown = await agent.call('GET', `/apps/${app.id}/api/nothing-here`)
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not_found')
    expect((await admin.call('POST', `/apps/${app.id}/api/users/u1/nothing`, {})).status).toBe(404)
  })

  it('the query string is forwarded as a query, never as part of the path', async () => {
    const answer = await agent.call('GET', `/apps/${app.id}/api/users?limit=1`)
    expect(answer.status).toBe(200)
    expect(answer.body.users).toHaveLength(1)
  })

  it('an agent may revoke a user\'s tokens but not mint one; an admin may mint', async () => {
    const minted = await agent.call('POST', `/apps/${app.id}/api/users/u1/tokens`, {})
    expect(minted.status).toBe(403)
    expect(minted.body.error.code).toBe('forbidden')
    expect(minted.body.token).toBeUndefined()
    const revoked = await agent.call('DELETE', `/apps/${app.id}/api/users/u1/tokens`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.revoked).toBe(true)
    const byAdmin = await admin.call('POST', `/apps/${app.id}/api/users/u1/tokens`, {})
    expect(byAdmin.status).toBe(201)
    expect(byAdmin.body.token).toBeTypeOf('string')
  })

  it('changes through the proxy are audited as the console account, never as the operator', async () => {
    expect((await agent.call('PUT', `/apps/${app.id}/api/users/u1/ban`, { banned: true })).status).toBe(200)
    expect((await agent.call('PUT', `/apps/${app.id}/api/users/u1/ban`, { banned: false })).status).toBe(200)
    const log = await owner.call('GET', '/audit?limit=500')
    const bans = log.body.entries.filter((entry: { action: string }) => entry.action === 'PUT /api/v1/apps/:appId/users/:userId/ban')
    expect(bans).toHaveLength(2)
    for (const entry of bans) expect(entry).toMatchObject({ actorType: 'console', actorId: 'agent@example.com', appId: app.id, userAgent: 'console-test/1.0' })
    const tokens = log.body.entries.filter((entry: { action: string }) => entry.action.endsWith('/users/:userId/tokens'))
    expect(tokens.map((entry: { actorId: string }) => entry.actorId).sort()).toEqual(['admin@example.com', 'agent@example.com'])
  })

  it('a console grant acts only for its app, only on app routes, and only once', async () => {
    const grants = server.server.context.console.appGrants
    const forOther = grants.issue({ appId: app.id, accountEmail: 'admin@example.com', role: 'admin' })
    const crossApp = await rawCall(server, 'POST', `/api/v1/apps/${other.id}/secret`, { authorization: `Bearer ${forOther}` })
    expect(crossApp.status).toBe(404)
    const reused = await rawCall(server, 'GET', `/api/v1/apps/${app.id}/users`, { authorization: `Bearer ${forOther}` })
    expect(reused.status).toBe(401)
    const forOperator = grants.issue({ appId: app.id, accountEmail: 'admin@example.com', role: 'admin' })
    expect((await rawCall(server, 'POST', '/api/v1/apps', { authorization: `Bearer ${forOperator}`, body: { name: 'Sneaky' } })).status).toBe(404)
    const forOwners = grants.issue({ appId: app.id, accountEmail: 'admin@example.com', role: 'owner' })
    expect((await rawCall(server, 'POST', '/api/v1/console/owners', { authorization: `Bearer ${forOwners}`, body: newOwner })).status).toBe(404)
    expect((await server.rest('GET', `/api/v1/apps/${other.id}/users`, { secret: other.secret })).status).toBe(200)
    expect((await owner.call('GET', '/accounts')).body.accounts.map((account: { email: string }) => account.email)).not.toContain('evil@example.com')
  })
})

describe('console owners', () => {
  let server: TestServer
  let owner: ConsoleClient

  beforeAll(async () => {
    server = await startTestServer()
    owner = await signIn(server, await createOwner(server))
  })
  afterAll(async () => server.close())

  const accountId = async (email: string): Promise<string> =>
    (await owner.call('GET', '/accounts')).body.accounts.find((account: { email: string }) => account.email === email).id

  it('the operator key creates an owner only while there is none, and a refusal is audited', async () => {
    const again = await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { email: 'second@example.com', password: PASSWORD } })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'conflict', details: { reason: 'owner_exists' } })
    const accounts = (await owner.call('GET', '/accounts')).body.accounts
    expect(accounts.map((account: { email: string }) => account.email)).toEqual(['owner@example.com'])
    const log = await owner.call('GET', '/audit?limit=500')
    expect(log.body.entries.find((entry: { action: string }) => entry.action === 'console.owner-create-refused')).toMatchObject({ actorType: 'operator', target: 'second@example.com', status: 409 })
  })

  it('the last active owner can be neither demoted nor disabled; with a second owner it can', async () => {
    const first = await accountId('owner@example.com')
    for (const patch of [{ role: 'admin' }, { disabled: true }, { role: 'viewer', disabled: true }]) {
      const refused = await owner.call('PATCH', `/accounts/${first}`, patch)
      expect(refused.status, JSON.stringify(patch)).toBe(409)
      expect(refused.body.error).toMatchObject({ code: 'conflict', details: { reason: 'last_owner' } })
      expect(refused.body.error.message).toMatch(/last active owner/)
    }
    expect((await owner.call('GET', '/session')).status).toBe(200)
    expect((await owner.call('POST', '/accounts', { email: 'second@example.com', password: PASSWORD, role: 'owner' })).status).toBe(201)
    const second = await signIn(server, { email: 'second@example.com', password: PASSWORD })
    const secondId = await accountId('second@example.com')
    expect((await owner.call('PATCH', `/accounts/${secondId}`, { disabled: true })).status).toBe(200)
    expect((await owner.call('PATCH', `/accounts/${first}`, { role: 'admin' })).status).toBe(409)
    expect((await owner.call('PATCH', `/accounts/${secondId}`, { disabled: false })).status).toBe(200)
    expect((await owner.call('PATCH', `/accounts/${first}`, { role: 'admin' })).status).toBe(200)
    const again = await signIn(server, { email: 'second@example.com', password: PASSWORD })
    expect((await again.call('PATCH', `/accounts/${secondId}`, { role: 'admin' })).status).toBe(409)
    expect(second.cookie).toBeDefined()
  })
})
