import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'dora@example.com', password: 'owner password 6' }

describe.skipIf(!availability.run)('the console dashboard (issue 23) in Chromium', { timeout: 120_000 }, () => {
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

  it('opens on counts from the server and the latest changes from the audit log', async () => {
    const { appId, appSecret: key } = server.demo
    const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key, body: { from: 'bob', to: 'carol', body: { type: 'text', text: 'Lunch?' } } })
    await server.rest('POST', `/api/v1/apps/${appId}/conversations/${sent.body.conversationId}/handoff`, { key, body: { reason: 'customer_request' } })
    await server.rest('POST', `/api/v1/apps/${appId}/bots`, { key, body: { id: 'dash-bot', name: 'Dash bot' } })
    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    await page.getByTestId('stat-people').waitFor()
    const overview = await page.evaluate(async (id) => (await fetch(`/api/v1/console/apps/${id}/overview?since=0`)).json(), appId)
    const value = async (testId: string) => Number((await page.getByTestId(`${testId}-value`).textContent())!.replace(/\D/g, ''))
    expect(await value('stat-people')).toBe(overview.people)
    expect(overview.people).toBeGreaterThanOrEqual(3) // alice, bob, carol (and the demo's agent)
    expect(await value('stat-bots')).toBe(overview.bots)
    expect(overview.bots).toBeGreaterThanOrEqual(2) // the demo assistant and dash-bot
    expect(await value('stat-conversations')).toBe(overview.conversations)
    expect(await value('stat-messages')).toBeGreaterThanOrEqual(1)
    expect(await value('stat-support')).toBeGreaterThanOrEqual(1)
    const activity = page.getByTestId('activity-entry')
    // Read as a sentence from the entry's action, resource and the name the creation recorded.
    expect(await activity.first().getByTestId('activity-sentence').textContent()).toBe('App secret created the bot Dash bot')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-dashboard')

    // The activity links to the whole audit log.
    await page.getByRole('link', { name: 'See all changes' }).click()
    await page.getByTestId('audit-table').waitFor()
  })

  it('reads well on a phone in 中文', async () => {
    const page = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByRole('heading', { name: '概览' }).waitFor()
    await page.getByTestId('stat-people').waitFor()
    expect(await page.getByTestId('stat-messages').textContent()).toContain('今日消息')
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-dashboard-phone-zh')
  })
})
