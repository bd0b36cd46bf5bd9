import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

  it('serves hashed assets with a long cache, and never a page for API paths or missing assets', async () => {
    expect(await get('/assets/app-123.js')).toMatchObject({ status: 200, text: 'console.log(1)', cache: 'public, max-age=31536000, immutable' })
    expect((await get('/assets/missing.js')).status).toBe(404)
    const api = await get('/api/v1/nothing-here')
    expect(api.status).toBe(404)
    expect(JSON.parse(api.text).error.code).toBe('not_found')
  })
})
