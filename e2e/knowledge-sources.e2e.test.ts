import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner, statusFromPage } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'sam@example.com', password: 'owner password 3' }
const VIEWER = { email: 'vera@example.com', password: 'viewer password 3' }

/**
 * A tiny help site on 127.0.0.1: a sitemap of four pages, one of them slow (so the progress bar
 * can be seen), one answering 500 (a per-page error), one under /archive/ (excluded by a pattern).
 */
async function startHelpSite() {
  const requests: string[] = []
  let slowMs = 2500
  let refunds = 'Refunds are paid back to the original card within 5 working days.'
  const page = (title: string, text: string) => `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/'
    requests.push(path)
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    if (path === '/sitemap.xml') {
      const urls = ['/refunds', '/shipping', '/broken', '/archive/old-prices'].map((entry) => `<url><loc>${origin}${entry}</loc></url>`).join('')
      response.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`)
    } else if (path === '/refunds') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page('Refunds', refunds))
    } else if (path === '/shipping') {
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/html' }).end(page('Shipping', 'Orders ship from Hangzhou every weekday before 16:00.')), slowMs)
    } else if (path === '/broken') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('down')
    } else if (path === '/archive/old-prices') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page('Old prices', 'Archived.'))
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setSlow: (ms: number) => {
      slowMs = ms
    },
    setRefunds: (text: string) => {
      refunds = text
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** axe-core's serious and critical findings (WCAG 2.1 AA), as readable lines. */
async function findings(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.targets.slice(0, 5).join(', ')}`)
}

describe.skipIf(!availability.run)('knowledge sources in the console (Chromium)', { timeout: 120_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let owner: Page
  let site: Awaited<ReturnType<typeof startHelpSite>>
  let kbId = ''
  const sourcesPath = () => `/api/v1/apps/${server.demo.appId}/knowledge-bases/${kbId}/sources`

  beforeAll(async () => {
    server = await startE2eServer()
    site = await startHelpSite()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    owner = await (await newContext(browser)).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await site?.close()
  })

  it('an owner adds a sitemap source and sees the sync run with its progress, counts and errors', async () => {
    await consoleSignIn(owner, server.url, OWNER.email, OWNER.password)
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await owner.getByRole('link', { name: 'Knowledge bases' }).click()
    await owner.getByLabel('Name').fill('Help centre')
    await owner.getByRole('button', { name: 'Create knowledge base' }).click()
    await owner.getByRole('tab', { name: 'Help centre' }).waitFor()
    const panel = owner.getByTestId('knowledge-sources')
    await panel.getByText('No source yet.').waitFor()

    await panel.getByRole('button', { name: 'Add a source' }).click()
    expect(await panel.getByLabel('Kind').inputValue()).toBe('sitemap')
    await panel.getByLabel('Address (URL)').fill(`${site.origin}/sitemap.xml`)
    await panel.getByLabel('Every … minutes').fill('60')
    await panel.getByLabel('Skip pages matching').fill('*/archive/*')
    expect(await findings(owner)).toEqual([])
    await panel.getByRole('button', { name: 'Add source' }).click()

    const source = panel.getByTestId('source')
    await source.waitFor()
    expect(await source.textContent()).toContain(`${site.origin}/sitemap.xml`)
    expect(await source.textContent()).toContain('syncs every 60 minutes')
    // The slow page keeps the run going: the bar is shown while it runs.
    await source.getByTestId('source-progress').waitFor()
    await screenshot(owner, 'console-knowledge-source-running')
    await source.locator('[data-testid="source-run"][data-status="done"]').waitFor({ timeout: 30_000 })
    expect(await source.getByTestId('source-progress').count()).toBe(0)
    expect(await source.getByTestId('source-counts').textContent()).toBe('2 added, 0 updated, 0 removed, 0 unchanged, 1 could not be read.')
    expect(await source.textContent()).toContain('2 documents')
    const errors = source.getByTestId('source-errors')
    expect(await errors.locator('summary').textContent()).toBe('1 page could not be read (it keeps its previous version)')
    await errors.locator('summary').click()
    expect(await errors.locator('li').first().textContent()).toContain(`${site.origin}/broken`)
    expect(site.requests).not.toContain('/archive/old-prices')
    expect(await findings(owner)).toEqual([])

    await screenshot(owner, 'console-knowledge-source-synced')
  })

  it('"Sync now" runs again and the unchanged pages are reported unchanged', async () => {
    const bases = await server.rest('GET', `/api/v1/apps/${server.demo.appId}/knowledge-bases`)
    kbId = bases.body.knowledgeBases.find((base: { name: string }) => base.name === 'Help centre').id
    site.setSlow(1500)
    const source = owner.getByTestId('source')
    await source.getByRole('button', { name: 'Sync now' }).click()
    await source.locator('[data-testid="source-run"][data-status="done"]').waitFor({ timeout: 30_000 })
    await expect.poll(() => source.getByTestId('source-counts').textContent(), { timeout: 30_000 }).toBe('0 added, 0 updated, 0 removed, 2 unchanged, 1 could not be read.')
    const { sources } = (await server.rest('GET', sourcesPath())).body
    const runs = (await server.rest('GET', `${sourcesPath()}/${sources[0].id}/runs`)).body.runs
    expect(runs).toHaveLength(2)
    expect(runs[0]).toMatchObject({ status: 'done', unchanged: 2, failed: 1 })
  })

  it('a curation whose page changed at the next sync is listed under "Needs review" until marked reviewed', async () => {
    const base = `/api/v1/apps/${server.demo.appId}/knowledge-bases/${kbId}`
    const refunds = (await server.rest('GET', `${base}/documents?limit=100`)).body.documents.find((document: { title: string }) => document.title === 'Refunds')
    const [chunk] = (await server.rest('GET', `${base}/documents/${refunds.id}/chunks`)).body.chunks
    expect((await server.rest('POST', `${base}/curations`, { body: { documentId: refunds.id, chunkId: chunk.id, action: 'disable' } })).status).toBe(201)
    site.setRefunds('Refunds are paid back to the original card within 10 working days.')
    const source = owner.getByTestId('source')
    await source.getByRole('button', { name: 'Sync now' }).click()
    await expect.poll(() => source.getByTestId('source-counts').textContent(), { timeout: 30_000 }).toBe('0 added, 1 updated, 0 removed, 1 unchanged, 1 could not be read.')
    const flagged = owner.getByTestId('needs-review')
    await flagged.waitFor()
    expect(await flagged.textContent()).toContain('Hidden passage')
    expect(await flagged.textContent()).toContain(`${site.origin}/refunds`)
    await screenshot(owner, 'console-knowledge-source-review')
    await flagged.getByRole('button', { name: 'Mark reviewed' }).click()
    await owner.getByTestId('review-empty').waitFor()
    expect((await server.rest('GET', `${base}/curations?needsReview=true`)).body.curations).toEqual([])
  })

  it('a viewer on a phone, in 中文, sees the source and its run but cannot change it', async () => {
    expect(await statusFromPage(owner, 'POST', '/api/v1/console/accounts', { email: VIEWER.email, password: VIEWER.password, role: 'viewer' })).toBe(201)
    const viewer = await (await newContext(browser, { locale: 'zh-CN', phone: true })).newPage()
    await consoleSignIn(viewer, server.url, VIEWER.email, VIEWER.password)
    await viewer.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await viewer.getByRole('button', { name: '菜单' }).click()
    await viewer.getByRole('link', { name: '知识库' }).click()
    await viewer.getByRole('tab', { name: 'Help centre' }).click()
    const source = viewer.getByTestId('source')
    await source.waitFor()
    expect(await viewer.getByTestId('knowledge-sources').getByRole('heading', { name: '自动同步的来源' }).count()).toBe(1)
    expect(await source.getByTestId('source-counts').textContent()).toBe('新增 0，更新 1，移除 0，未变 1，无法读取 1。')
    expect(await source.getByRole('button').count()).toBe(0)
    expect(await viewer.getByRole('button', { name: '添加来源' }).count()).toBe(0)
    // Nothing wider than the phone's screen.
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await findings(viewer)).toEqual([])
    await screenshot(viewer, 'console-knowledge-sources-zh-phone')
    await viewer.context().close()
  })

  it('pausing stops "Sync now"; deleting, confirmed by keyboard, says and removes its documents', async () => {
    const source = owner.getByTestId('source')
    await source.getByRole('button', { name: 'Pause' }).click()
    await owner.locator('[data-testid="source"][data-status="paused"]').waitFor()
    expect(await source.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true)
    const { sources } = (await server.rest('GET', sourcesPath())).body
    expect(sources[0].status).toBe('paused')

    await source.getByRole('button', { name: 'Delete', exact: true }).click()
    expect(await source.textContent()).toContain('Its 2 documents are removed from the knowledge base too')
    // The confirm button has the focus: Escape steps back, Enter on it deletes.
    expect(await owner.evaluate(() => document.activeElement?.textContent)).toBe('Delete source and its documents')
    await owner.keyboard.press('Escape')
    await source.getByRole('button', { name: 'Delete', exact: true }).click()
    await owner.keyboard.press('Enter')
    await owner.getByTestId('knowledge-sources').getByText('No source yet.').waitFor()
    expect((await server.rest('GET', sourcesPath())).body.sources).toEqual([])
    const documents = await server.rest('GET', `/api/v1/apps/${server.demo.appId}/knowledge-bases/${kbId}/documents?limit=100`)
    expect(documents.body.documents).toEqual([])
  })
})
