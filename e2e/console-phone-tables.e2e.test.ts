import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'phil@example.com', password: 'owner password 8' }
/** Console screens that show a table with the demo data. */
const SCREENS = ['apps', 'users', 'groups', 'push', 'support-settings', 'audit', 'accounts']

/** How each visible table of the page is laid out: header hidden, every cell labelled, nothing wider than the screen. */
async function tableLayout(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main table'))
      .filter((table) => (table as HTMLElement).offsetParent !== null)
      .map((table) => ({
        stacked: table.classList.contains('stacked-table'),
        headHeight: (table as HTMLTableElement).tHead?.getBoundingClientRect().height ?? 0,
        // A cell under a column with no name (the actions) is labelled '' and takes the whole line.
        unlabelled: Array.from(table.querySelectorAll('tbody td')).filter((cell) => !cell.hasAttribute('data-label')).length,
        labelled: Array.from(table.querySelectorAll('tbody td')).filter((cell) => (cell.getAttribute('data-label') ?? '') !== '').length > 0 || table.querySelectorAll('tbody td').length === 0,
        wider: table.getBoundingClientRect().width > window.innerWidth,
      })),
  )
}

describe.skipIf(!availability.run)('every console table reads as stacked cards on a phone (issue 23) in Chromium', { timeout: 150_000 }, () => {
  let server: E2eServer
  let browser: Browser

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const locale of ['en-US', 'zh-CN']) {
    it(`at 390 px in ${locale}: no table scrolls sideways, every cell is under its column's name`, async () => {
      const page = await (await newContext(browser, { phone: true, locale })).newPage()
      await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
      let tables = 0
      for (const route of SCREENS) {
        await page.goto(`${server.url}/console#/${route}`)
        await page.locator('main table').first().waitFor({ timeout: 10_000 })
        await page.waitForTimeout(300) // rows arrive after the table
        const layout = await tableLayout(page)
        tables += layout.length
        for (const table of layout) expect(table, route).toEqual({ stacked: true, headHeight: expect.any(Number), unlabelled: 0, labelled: true, wider: false })
        for (const table of layout) expect(table.headHeight, route).toBeLessThanOrEqual(1)
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1), route).toBe(true)
        if (locale === 'en-US') expect(await seriousViolations(page), route).toEqual([])
        if (route === 'groups' || route === 'apps') await screenshot(page, `console-${route}-phone-${locale === 'zh-CN' ? 'zh' : 'en'}`)
      }
      expect(tables).toBeGreaterThanOrEqual(SCREENS.length)
    })
  }
})
