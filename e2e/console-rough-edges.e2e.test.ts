import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'olivia@example.com', password: 'owner password 1' }

/** Whether a click at the centre of the element would reach it (nothing lies on top of it). */
async function reachable(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect()
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return top !== null && (top === element || element.contains(top))
  })
}

describe.skipIf(!availability.run)('console rough edges (issue 23) in Chromium', { timeout: 90_000 }, () => {
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

  it('the Create bot form is blank again after a bot is created: no kept instructions, welcome or knowledge base', async () => {
    const created = await server.rest('POST', `/api/v1/apps/${server.demo.appId}/knowledge-bases`, { body: { name: 'Handbook' } })
    expect(created.status).toBe(201)
    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Bots' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Billing helper')
    await page.getByLabel('Id (optional)').fill('billing')
    await page.getByLabel('Instructions').fill('Only answer billing questions.')
    await page.getByLabel('Welcome message').fill('Hi, ask me about invoices.')
    await page.getByLabel('Handbook').check()
    await page.getByRole('button', { name: 'Create bot' }).click()
    await page.getByTestId('bot-billing').waitFor()
    for (const label of ['Name', 'Id (optional)', 'Instructions', 'Welcome message']) {
      expect(await page.getByLabel(label, { exact: true }).inputValue(), label).toBe('')
    }
    expect(await page.getByLabel('Handbook').isChecked()).toBe(false)
  })

  it('on a phone the open menu leaves the language switch and sign out usable', async () => {
    const page = await (await newContext(browser, { phone: true })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.locator('#console-nav').waitFor()
    await screenshot(page, 'console-phone-menu')
    expect(await reachable(page, '[data-testid="language-switch"]')).toBe(true)
    expect(await reachable(page, '.topbar-end button')).toBe(true)
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    expect(await page.locator('#console-nav').isVisible()).toBe(false)
  })

  it('after navigating, <main> holds focus without drawing a focus bar', async () => {
    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    const main = await page.locator('main').evaluate((element) => {
      const style = getComputedStyle(element)
      return { focused: document.activeElement === element, boxShadow: style.boxShadow, outline: style.outlineStyle }
    })
    expect(main).toEqual({ focused: true, boxShadow: 'none', outline: 'none' })
  })

  it('Webhooks explain themselves when there are none, and "*" reads as All events', async () => {
    const page = await (await newContext(browser, { locale: 'zh-CN' })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.locator('#console-nav a[href="#/webhooks"]').click()
    await page.getByTestId('webhooks-empty').waitFor()
    expect(await page.getByText('Webhook 会在此应用发生事件时').count()).toBe(1)
    expect(await page.getByLabel('全部事件').count()).toBe(1)
    expect(await page.locator('.event-picker').getByText('*', { exact: true }).count()).toBe(0)
  })

  it('on a phone the audit log is one readable card per entry, without sideways scrolling', async () => {
    const page = await (await newContext(browser, { phone: true })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByTestId('audit-row').first().waitFor()
    const wrap = page.locator('.table-wrap')
    expect(await wrap.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true)
    const row = page.getByTestId('audit-row').first()
    expect(await row.locator('td').first().evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"When"')
    await screenshot(page, 'console-audit-phone')
  })
})
