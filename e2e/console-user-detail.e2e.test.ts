import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'uma@example.com', password: 'owner password 7' }

describe.skipIf(!availability.run)('the console user detail page (issue 23) in Chromium', { timeout: 120_000 }, () => {
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

  it('shows profile, devices and conversations; bans, unbans and revokes tokens', async () => {
    const { appId, appSecret: key } = server.demo
    expect((await server.rest('PUT', `/api/v1/apps/${appId}/users/bob/push-targets/pixel-8`, { key, body: { provider: 'fcm', token: 'bob-fcm-token-1234' } })).status).toBeLessThan(300)
    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Users' }).click()
    await page.getByRole('link', { name: 'Details of Bob' }).click()
    const detail = page.getByTestId('user-detail')
    await detail.getByRole('heading', { name: /Bob/ }).waitFor()
    expect(page.url()).toContain('#/users?id=bob')
    expect(await page.getByTestId('user-devices').textContent()).toContain('pixel-8')
    expect(await page.getByTestId('user-devices').textContent()).toContain('fcm')
    const conversations = page.getByTestId('user-conversation')
    await conversations.first().waitFor()
    expect(await page.getByTestId('user-conversations').textContent()).toContain('Demo')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-user-detail')

    await page.getByTestId('user-moderation').getByRole('button', { name: 'Ban' }).click()
    await page.getByRole('status').filter({ hasText: 'bob is banned' }).waitFor()
    await expect.poll(() => page.getByTestId('user-state').textContent()).toBe('Banned')
    await page.getByTestId('user-moderation').getByRole('button', { name: 'Unban' }).click()
    await expect.poll(() => page.getByTestId('user-state').textContent()).toBe('Active')
    await page.getByTestId('user-moderation').getByRole('button', { name: 'Revoke tokens' }).click()
    await page.getByRole('status').filter({ hasText: 'Tokens of bob revoked.' }).waitFor()
    // Revoking removes the push devices too, and the page shows it.
    await page.getByTestId('no-devices').waitFor()

    // A reload keeps the page; Back returns to the list.
    await page.reload()
    await page.getByTestId('user-detail').waitFor()
    await page.goBack()
    await page.getByTestId('users-table').waitFor()
  })

  it('on a phone in 中文 the users table and the detail page are stacked cards with no sideways scrolling', async () => {
    const page = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.goto(`${server.url}/console#/users`)
    await page.getByTestId('users-table').waitFor()
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
    expect(await wide()).toBe(false)
    expect(await page.getByTestId('users-table').locator('thead').evaluate((head) => head.getBoundingClientRect().height)).toBeLessThanOrEqual(1)
    await screenshot(page, 'console-users-phone-zh')
    await page.goto(`${server.url}/console#/users?id=alice`)
    await page.getByTestId('user-conversations').waitFor()
    expect(await wide()).toBe(false)
    expect(await page.getByTestId('user-detail').textContent()).toContain('会话')
    await screenshot(page, 'console-user-detail-phone-zh')
  })
})
