import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext } from './helpers/browser.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const FIXTURE = fileURLToPath(new URL('./fixtures/idb-reload/', import.meta.url))
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' }

/** Bundles the fixture page with Vite (the SDK from its built dist) and serves it on loopback. */
async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const { build } = await import('vite')
  const outDir = mkdtempSync(join(tmpdir(), 'warbler-idb-page-'))
  await build({ root: FIXTURE, logLevel: 'silent', build: { outDir, emptyOutDir: true } })
  const server: Server = createServer((request, response) => {
    const path = normalize(join(outDir, (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : (request.url ?? '/').split('?')[0]!))
    if (!path.startsWith(outDir) || !existsSync(path)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
    createReadStream(path).pipe(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      rmSync(outDir, { recursive: true, force: true })
    },
  }
}

describe.skipIf(!availability.run)('SDK IndexedDB store in real Chromium', () => {
  let warbler: E2eServer
  let page: { url: string; close: () => Promise<void> }
  let browser: Browser

  beforeAll(async () => {
    warbler = await startE2eServer()
    page = await servePage()
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await page?.close()
    await warbler?.close()
  })

  it('a reloaded page shows its conversations and history at once, then syncs only the delta', async () => {
    const { appId, appSecret } = warbler.demo
    const send = (text: string) =>
      warbler.rest('POST', `/api/v1/apps/${appId}/messages`, { key: appSecret, body: { from: 'bob', to: 'carol', body: { type: 'text', text } } })
    const first = await send('before the first visit 1')
    await send('before the first visit 2')
    const conversationId = first.body.conversationId as string
    const token = (await warbler.rest('POST', `/api/v1/apps/${appId}/users/carol/tokens`, { key: appSecret, body: {} })).body.token as string

    const context = await newContext(browser)
    const tab: Page = await context.newPage()
    await tab.goto(page.url)
    await tab.waitForSelector('text=ready')
    const drive = <T>(script: string): Promise<T> => tab.evaluate(script) as Promise<T>

    // first visit: catch up over the network, into IndexedDB
    await drive(`window.warbler.create(${JSON.stringify(warbler.url)}, ${JSON.stringify(token)})`)
    await drive('window.warbler.connect()')
    const firstVisit = await drive<{ conversationId: string; seq: number }[]>('window.warbler.delivered()')
    expect(firstVisit.filter((message) => message.conversationId === conversationId).map((message) => message.seq)).toEqual([1, 2])
    await drive('window.warbler.close()')

    // while the page is away, two more messages arrive
    await send('while you were away 3')
    await send('while you were away 4')

    // reload: the store shows the last visit before any network, then only the delta is delivered
    await tab.reload()
    await tab.waitForSelector('text=ready')
    await drive(`window.warbler.create(${JSON.stringify(warbler.url)}, ${JSON.stringify(token)})`)
    const local = await drive<{ conversations: { id: string; lastSeq: number }[]; history: number[] }>(`window.warbler.loadLocal(${JSON.stringify(conversationId)})`)
    expect(local.conversations.find((conversation) => conversation.id === conversationId)?.lastSeq).toBe(2)
    expect(local.history).toEqual([1, 2])
    await drive('window.warbler.connect()')
    const afterReload = await drive<{ conversationId: string; seq: number; text: string }[]>('window.warbler.delivered()')
    expect(afterReload.filter((message) => message.conversationId === conversationId).map((message) => [message.seq, message.text])).toEqual([
      [3, 'while you were away 3'],
      [4, 'while you were away 4'],
    ])
    await drive('window.warbler.close()')
    await context.close()
  }, 120_000)
})
