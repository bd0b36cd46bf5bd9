import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('serving the built web app', () => {
  let server: TestServer
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warbler-web-'))
    mkdirSync(join(dir, 'console'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<title>chat</title>')
    writeFileSync(join(dir, 'console', 'index.html'), '<title>console</title>')
    writeFileSync(join(dir, 'assets', 'app-123.js'), 'console.log(1)')
    process.env.WARBLER_WEB_DIR = dir
    server = await startTestServer()
  })
  afterAll(async () => {
    delete process.env.WARBLER_WEB_DIR
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const get = (path: string) => fetch(`${server.url}${path}`).then(async (response) => ({ status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), text: await response.text() }))

  it('serves the chat app at / and for unknown pages, the console at /console and below', async () => {
    expect(await get('/')).toMatchObject({ status: 200, text: '<title>chat</title>', cache: 'no-cache' })
    expect((await get('/some/page')).text).toBe('<title>chat</title>')
    expect((await get('/console')).text).toBe('<title>console</title>')
    expect((await get('/console/audit')).text).toBe('<title>console</title>')
  })

  /** The CSP of a page as a map of directive → sources. */
  const cspOf = (header: string | null): Record<string, string[]> =>
    Object.fromEntries((header ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...sources]) => [name!, sources]))

  it('sends a strict CSP without inline script, no framing, nosniff and no referrer on every page', async () => {
    for (const path of ['/', '/some/page', '/console', '/console/audit']) {
      const response = await fetch(`${server.url}${path}`)
      const csp = cspOf(response.headers.get('content-security-policy'))
      expect(csp['default-src'], path).toEqual(["'none'"])
      expect(csp['script-src'], path).toEqual(["'self'"])
      expect(csp['style-src'], path).toEqual(["'self'"])
      expect(csp['object-src'], path).toEqual(["'none'"])
      expect(csp['base-uri'], path).toEqual(["'none'"])
      expect(csp['frame-ancestors'], path).toEqual(["'none'"])
      for (const sources of Object.values(csp)) {
        expect(sources, path).not.toContain("'unsafe-inline'")
        expect(sources, path).not.toContain("'unsafe-eval'")
      }
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer')
      await response.text()
    }
    const consoleCsp = cspOf((await fetch(`${server.url}/console`)).headers.get('content-security-policy'))
    expect(consoleCsp['connect-src']).toEqual(["'self'"])
    expect(consoleCsp['img-src']).toEqual(["'self'", 'data:'])
    const asset = await fetch(`${server.url}/assets/app-123.js`)
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff')
    await asset.text()
  })

  it('the web app\'s pages load scripts only from files, so the CSP needs no inline script', () => {
    for (const page of ['index.html', 'console/index.html']) {
      const html = readFileSync(fileURLToPath(new URL(`../../../web/${page}`, import.meta.url)), 'utf8')
      const scripts = html.match(/<script\b[^>]*>/g) ?? []
      expect(scripts.length, page).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag, page).toMatch(/\ssrc=/)
      expect(html, page).not.toMatch(/\son[a-z]+=/i)
    }
  })

  it('serves hashed assets with a long cache, and never a page for API paths or missing assets', async () => {
    expect(await get('/assets/app-123.js')).toMatchObject({ status: 200, text: 'console.log(1)', cache: 'public, max-age=31536000, immutable' })
    expect((await get('/assets/missing.js')).status).toBe(404)
    const api = await get('/api/v1/nothing-here')
    expect(api.status).toBe(404)
    expect(JSON.parse(api.text).error.code).toBe('not_found')
  })
})
