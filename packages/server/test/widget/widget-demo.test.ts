import { afterAll, beforeAll, expect, it } from 'vitest'
import { ensureDemoSeed, type DemoCredentials } from '../../src/demo-seed.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
let demo: DemoCredentials

beforeAll(async () => {
  // Port 0 in tests: the demo origins fall back to the default port, 8080.
  server = await startTestServer()
  demo = (await ensureDemoSeed(server.server.context))!
}, 60_000)
afterAll(async () => server?.close())

it('the demo seed sets up the widget: the assistant bot on this server’s localhost origins', async () => {
  const settings = await server.rest('GET', `/api/v1/apps/${demo.appId}/settings`, { secret: demo.appSecret })
  expect(settings.body.widget).toMatchObject({ allowedOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'], botId: 'assistant' })
  const visitor = await server.rest('POST', `/api/v1/apps/${demo.appId}/visitors`, { body: {}, headers: { origin: 'http://localhost:8080' } })
  expect(visitor.status).toBe(200)
  expect(visitor.body.bot).toEqual({ id: 'assistant', name: 'Assistant' })
  // A second start keeps what the operator changed.
  await server.rest('PATCH', `/api/v1/apps/${demo.appId}/settings`, { secret: demo.appSecret, body: { widget: { allowedOrigins: ['https://shop.example.com'], botId: 'assistant' } } })
  await ensureDemoSeed(server.server.context)
  expect((await server.rest('GET', `/api/v1/apps/${demo.appId}/settings`, { secret: demo.appSecret })).body.widget.allowedOrigins).toEqual(['https://shop.example.com'])
})

it('serves /widget-demo.html: the shop page with the one widget tag, under a CSP without inline script or style', async () => {
  const response = await fetch(`${server.url}/widget-demo.html`)
  expect(response.status).toBe(200)
  const csp = response.headers.get('content-security-policy')!
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-inline')
  const html = await response.text()
  expect(html).toContain(`<script src="/widget.js" data-app-id="${demo.appId}" async></script>`)
  expect(html).not.toMatch(/<script>|<style>/)
  expect((await fetch(`${server.url}/widget-demo.css`)).headers.get('content-type')).toMatch(/text\/css/)
})
