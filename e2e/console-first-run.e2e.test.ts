import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()

/** Collects what a person would see in the devtools console: errors, failed requests, page crashes. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`)
  })
  return errors
}

describe.skipIf(!availability.run)('console first run in Chromium', { timeout: 60_000 }, () => {
  let server: E2eServer
  let browser: Browser

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('with no accounts, /console offers the setup form in 中文 and logs nothing on load', async () => {
    const page = await (await newContext(browser, { locale: 'zh-CN', phone: true })).newPage()
    const errors = watchErrors(page)
    await page.goto(`${server.url}/console`)
    await page.getByRole('button', { name: '创建所有者' }).waitFor()
    for (const label of ['运维密钥', '邮箱', '密码']) expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1)
    await screenshot(page, 'console-setup-zh-phone')
    expect(errors).toEqual([])
  })

  it('a wrong key is explained; the right one creates the owner, signs in, and the form is gone afterwards', async () => {
    const page = await (await newContext(browser)).newPage()
    const errors = watchErrors(page)
    await page.goto(`${server.url}/console`)
    await page.getByRole('heading', { name: 'Set up the console' }).waitFor()
    expect(errors).toEqual([])
    await page.getByLabel('Operator key').fill('not-the-operator-key-at-all')
    await page.getByLabel('Email').fill('olivia@example.com')
    await page.getByLabel('Password').fill('owner password 1')
    await page.getByRole('button', { name: 'Create owner' }).click()
    await page.getByRole('alert').getByText('This operator key is not the one of this server.').waitFor()
    await page.getByLabel('Operator key').fill(server.operatorKey)
    await page.getByRole('button', { name: 'Create owner' }).click()
    await page.getByTestId('account').waitFor()
    expect(await page.getByTestId('account').textContent()).toContain('olivia')
    await screenshot(page, 'console-after-setup')

    const later = await (await newContext(browser)).newPage()
    const laterErrors = watchErrors(later)
    await later.goto(`${server.url}/console`)
    await later.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await later.getByRole('button', { name: 'Create owner' }).count()).toBe(0)
    expect(laterErrors).toEqual([])
    const again = await server.rest('POST', '/api/v1/console/owners', { body: { email: 'mallory@example.com', password: 'another password' } })
    expect(again.status).toBe(409)
  })
})
