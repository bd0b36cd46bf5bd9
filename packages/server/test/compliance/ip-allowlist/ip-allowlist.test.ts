import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../../../src/config/config.js'
import { createUsers, startTestServer, type TestServer } from '../../helpers/test-server.js'
import { ENGINES } from '../engine-fixture.js'

const ALLOWLIST_VARIABLES = ['WARBLER_CONSOLE_IP_ALLOWLIST', 'WARBLER_ADMIN_IP_ALLOWLIST'] as const

/** Starts a server whose allowlists are read from these variables (as `warbler start` reads them). */
async function startWithAllowlists(lists: { console: string; admin: string }, config: Partial<ServerConfig>): Promise<TestServer> {
  process.env.WARBLER_CONSOLE_IP_ALLOWLIST = lists.console
  process.env.WARBLER_ADMIN_IP_ALLOWLIST = lists.admin
  try {
    return await startTestServer({ config })
  } finally {
    for (const name of ALLOWLIST_VARIABLES) delete process.env[name]
  }
}

/** A request to the server at another of its addresses (`127.0.0.1` or `[::1]`). */
async function call(server: TestServer, host: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const port = new URL(server.url).port
  const response = await fetch(`http://${host}:${port}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // a page
  }
  return { status: response.status, body: parsed, type: response.headers.get('content-type') ?? '' }
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const refused = { status: 403, body: { error: { code: 'forbidden', details: { reason: 'ip_not_allowed' } } } }

/** The audit log's `ip.refused` entries, newest first, once `count` of them are there. */
async function refusals(server: TestServer, count: number) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const entries = await server.server.context.storage.console.listAudit({ action: 'ip.refused', limit: 100 })
    if (entries.length >= count) return entries
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return server.server.context.storage.console.listAudit({ action: 'ip.refused', limit: 100 })
}

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`IP allowlists (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    describe('without trustProxy, on a dual-stack socket: IPv4 as ::ffff:127.0.0.1, IPv6 as ::1', () => {
      let server: TestServer
      let app: { id: string; secret: string }
      beforeAll(async () => {
        server = await startWithAllowlists({ console: '::1/128', admin: '127.0.0.0/8, 2001:db8:1::/48' }, { ...engine.setup().config, host: '::' })
        app = await server.createApp('Allowlisted')
      })
      afterAll(() => server?.close())

      it('lets the operator key and the app secret in from an allowed IPv4 address, and refuses them from IPv6 ::1', async () => {
        expect((await call(server, '127.0.0.1', 'GET', `/api/v1/apps/${app.id}/users`, bearer(app.secret))).status).toBe(200)
        expect(await call(server, '[::1]', 'POST', '/api/v1/apps', bearer(server.operatorKey), { name: 'Nope' })).toMatchObject(refused)
        const bySecret = await call(server, '[::1]', 'GET', `/api/v1/apps/${app.id}/users`, bearer(app.secret))
        expect(bySecret).toMatchObject(refused)
        expect(bySecret.body.error.message).toMatch(/admin API is not open/)
        // A wrong app secret from a refused address learns nothing about it: refused the same way.
        expect(await call(server, '[::1]', 'GET', `/api/v1/apps/${app.id}/users`, bearer('wsk_wrong'))).toMatchObject(refused)
        expect(await call(server, '[::1]', 'POST', '/api/v1/apps', bearer('wok_guessed-operator-key'), { name: 'Nope' })).toMatchObject(refused)
        // The console's first-owner route is judged by the credential it carries: the admin list.
        expect(await call(server, '[::1]', 'POST', '/api/v1/console/owners', bearer(server.operatorKey), { email: 'o@example.com', password: 'long enough password' })).toMatchObject(refused)
        expect((await call(server, '127.0.0.1', 'POST', '/api/v1/console/owners', bearer(server.operatorKey), { email: 'o@example.com', password: 'long enough password' })).status).toBe(201)
      })

      it('opens the console to ::1 only, and ignores X-Forwarded-For', async () => {
        expect(await call(server, '[::1]', 'GET', '/api/v1/console/sso')).toMatchObject({ status: 200, body: { enabled: false } })
        expect(await call(server, '127.0.0.1', 'GET', '/api/v1/console/sso')).toMatchObject(refused)
        expect(await call(server, '127.0.0.1', 'GET', '/api/v1/console/sso', { 'x-forwarded-for': '::1' })).toMatchObject(refused)
        expect(await call(server, '127.0.0.1', 'POST', '/api/v1/console/session', { 'x-warbler-console': '1' }, { email: 'o@example.com', password: 'long enough password' })).toMatchObject(refused)
        expect((await call(server, '[::1]', 'POST', '/api/v1/console/session', { 'x-warbler-console': '1' }, { email: 'o@example.com', password: 'long enough password' })).status).toBe(200)
        const page = await call(server, '127.0.0.1', 'GET', '/console/')
        expect(page.status).toBe(403)
        expect(page.type).toMatch(/text\/html/)
        expect(page.body).toContain('The console is not open to your network')
        expect(page.body).toContain('控制台未对你的网络开放')
      })

      it('leaves user-token and public routes alone', async () => {
        const tokens = await createUsers(server, app, ['ada'])
        // A user token from a refused address reaches the route (which then wants a multipart body).
        const upload = await call(server, '[::1]', 'POST', `/api/v1/apps/${app.id}/files`, bearer(tokens.ada!), {})
        expect(upload.status).toBe(415)
        expect(upload.body.error.code).not.toBe('forbidden')
        expect((await call(server, '[::1]', 'GET', `/api/v1/apps/${app.id}/push/vapid-public-key`)).status).toBe(200)
        expect((await call(server, '[::1]', 'GET', '/healthz')).status).toBe(200)
      })

      it('audits refusals in the chain, one entry per address and list per minute with the count', async () => {
        const entries = await refusals(server, 2)
        const admin = entries.find((entry) => entry.details?.scope === 'admin')
        const consoleEntry = entries.find((entry) => entry.details?.scope === 'console')
        expect(admin).toMatchObject({ actorType: 'operator', ip: '::1', status: 403, details: { scope: 'admin', refused: 1 } })
        expect(consoleEntry).toMatchObject({ ip: '::ffff:127.0.0.1', details: { scope: 'console', refused: 1 } })
        // Five admin and four console refusals above, each folded into the first entry of its minute.
        expect(entries.filter((entry) => entry.details?.scope === 'admin')).toHaveLength(1)
        expect(entries.filter((entry) => entry.details?.scope === 'console')).toHaveLength(1)
        const verdict = await server.server.context.compliance.chain.verify()
        expect(verdict.ok).toBe(true)
        const metrics = await call(server, '127.0.0.1', 'GET', '/metrics')
        expect(metrics.body).toMatch(/warbler_ip_refused_total\{scope="admin"\} 5/)
        expect(metrics.body).toMatch(/warbler_ip_refused_total\{scope="console"\} 4/)
      })
    })

    describe('with trustProxy: the address the proxy wrote, last in X-Forwarded-For', () => {
      let server: TestServer
      beforeAll(async () => {
        server = await startWithAllowlists({ console: '203.0.113.5', admin: '198.51.100.0/24, 2001:db8:7::/48' }, { ...engine.setup().config, trustProxy: true })
      })
      afterAll(() => server?.close())

      const asOperator = (forwardedFor?: string) => call(server, '127.0.0.1', 'POST', '/api/v1/apps', { ...bearer(server.operatorKey), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) }, { name: 'Via proxy' })

      it('allows an allowlisted client behind the proxy, IPv4 and IPv6', async () => {
        expect((await asOperator('198.51.100.9')).status).toBe(201)
        expect((await asOperator('2001:db8:7::99')).status).toBe(201)
        // Whatever the client claimed before the proxy does not matter: the proxy's own entry is last.
        expect((await asOperator('10.0.0.1, 198.51.100.9')).status).toBe(201)
      })

      it('refuses a client that puts an allowed address first, one outside the ranges, and the bare socket', async () => {
        expect(await asOperator('198.51.100.9, 10.0.0.1')).toMatchObject(refused)
        expect(await asOperator('2001:db8:8::1')).toMatchObject(refused)
        expect(await asOperator()).toMatchObject(refused)
        expect(await call(server, '127.0.0.1', 'GET', '/api/v1/console/sso', { 'x-forwarded-for': '203.0.113.6' })).toMatchObject(refused)
        expect((await call(server, '127.0.0.1', 'GET', '/api/v1/console/sso', { 'x-forwarded-for': '203.0.113.6, 203.0.113.5' })).status).toBe(200)
        const entries = await refusals(server, 4)
        expect(entries.map((entry) => entry.ip).sort()).toEqual(['10.0.0.1', '127.0.0.1', '2001:db8:8::1', '203.0.113.6'])
      })
    })
  })
}
