import { rmSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext } from '../../../../e2e/helpers/browser.js'
import { buildWidget } from './widget-build.js'
import { ensureDemoSeed, type DemoCredentials } from '../../src/demo-seed.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
let demo: DemoCredentials
let widgetDir: string

beforeAll(async () => {
  widgetDir = await buildWidget()
  process.env.WARBLER_WIDGET_DIR = widgetDir
  try {
    // Port 0 in tests: the demo origins fall back to the default port, 8080.
    server = await startTestServer()
  } finally {
    delete process.env.WARBLER_WIDGET_DIR
  }
  demo = (await ensureDemoSeed(server.server.context))!
}, 120_000)
afterAll(async () => {
  await server?.close()
  if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
})

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

it.runIf(browserAvailability().run)('in Chromium the demo page’s widget works under its CSP: the assistant answers from the docs', async () => {
  // This server listens on a random port: allow its own origin the way 8080 is allowed after npm start.
  await server.rest('PATCH', `/api/v1/apps/${demo.appId}/settings`, { secret: demo.appSecret, body: { widget: { allowedOrigins: [new URL(server.url).origin], botId: 'assistant' } } })
  const browser = await launchBrowser()
  try {
    const page = await (await newContext(browser)).newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.goto(`${server.url}/widget-demo.html`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('How do I start Warbler?')
    await composer.press('Enter')
    await page.locator('warbler-widget .msg:not(.me) .bubble', { hasText: /npm/ }).first().waitFor({ timeout: 20_000 })
    expect(violations).toEqual([])
  } finally {
    await browser.close()
  }
}, 60_000)
