import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'bea@example.com', password: 'owner password 3' }
const HANDBOOK = '# Refunds\n\nRefunds are paid back to the card: `warbler refunds pay --order 00000000000000000000000000000000000000000000 --to original-card`.\n\nRefunds are paid back to the original card within 5 working days after we receive the parcel.\n\n# Shipping\n\nOrders ship from Hangzhou every weekday before 16:00.\n'

/** Whether the page scrolls sideways (a phone user would have to pan). */
async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
}

describe.skipIf(!availability.run)('console bots: edit, try in a test chat, delete (issue 18) in Chromium', { timeout: 120_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let appId: string

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    appId = server.demo.appId
    const kb = await server.rest('POST', `/api/v1/apps/${appId}/knowledge-bases`, { body: { name: 'Handbook' } })
    await server.rest('POST', `/api/v1/apps/${appId}/knowledge-bases/${kb.body.id}/documents`, { body: { title: 'Handbook', text: HANDBOOK, format: 'markdown' } })
    await server.server.context.knowledge.whenIdle()
    await server.rest('POST', `/api/v1/apps/${appId}/bots`, { body: { id: 'clerk', name: 'Clerk', knowledgeBaseIds: [kb.body.id] } })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function openClerk(page: Page): Promise<void> {
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    const menu = page.locator('.menu-button')
    if (await menu.isVisible()) await menu.click()
    await page.getByRole('link', { name: /^(Bots|机器人)$/ }).click()
    await page.getByTestId('bot-clerk').getByRole('button').click()
    await page.getByTestId('bot-detail').waitFor()
  }

  it('the test chat beside the settings shows the answer and the retrieved passages with their scores', async () => {
    const page = await (await newContext(browser)).newPage()
    await openClerk(page)
    expect(await page.getByTestId('bot-test-chat').isVisible()).toBe(true)
    await page.getByTestId('test-question').fill('How long do refunds take to reach my card?')
    await page.getByRole('button', { name: 'Ask' }).click()
    const answer = page.getByTestId('test-answer')
    await answer.waitFor()
    expect(await answer.textContent()).toContain('5 working days')
    expect(await answer.getAttribute('data-handoff')).toBe('false')
    const first = page.getByTestId('test-passage').first()
    expect(await first.getAttribute('data-relevant')).toBe('true')
    expect(await first.getAttribute('data-cited')).toBe('true')
    expect(await first.textContent()).toContain('Handbook › Refunds')
    expect(await first.getByTestId('test-passage-score').textContent()).toMatch(/^Score \d/)
    expect(await answer.textContent()).toMatch(/Query-term coverage \d+ %/)
    // Nothing was posted: the bot is in no conversation.
    const conversations = await server.rest('GET', `/api/v1/apps/${appId}/users/clerk/conversations`)
    expect(conversations.body.items).toHaveLength(0)

    await page.getByTestId('test-question').fill('zxqv blorf quux?')
    await page.getByRole('button', { name: 'Ask' }).click()
    await page.locator('[data-testid="test-answer"][data-handoff="true"]').waitFor()
    expect(await page.locator('[data-testid="test-answer"][data-handoff="true"]').textContent()).toContain('Declined')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-bot-test-chat')
  })

  it('edits a bot: the change is saved on the server and shown after a reload', async () => {
    const page = await (await newContext(browser)).newPage()
    await openClerk(page)
    await page.getByLabel('Name', { exact: true }).fill('Refund clerk')
    await page.getByLabel('Instructions').fill('Answer refund questions only.')
    await page.getByLabel('Welcome message').fill('Ask me about refunds.')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    const stored = await server.rest('GET', `/api/v1/apps/${appId}/bots/clerk`)
    expect(stored.body).toMatchObject({ name: 'Refund clerk', systemPrompt: 'Answer refund questions only.', welcomeMessage: 'Ask me about refunds.' })
    await page.reload()
    await page.getByTestId('bot-clerk').waitFor()
    expect(await page.getByTestId('bot-clerk').textContent()).toContain('Refund clerk')
  })

  it('on a phone in 中文 the settings and the test chat stack, with no sideways scrolling', async () => {
    const page = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await openClerk(page)
    await page.getByTestId('test-question').fill('退款多久到账？refunds card')
    await page.getByRole('button', { name: '提问' }).click()
    await page.getByTestId('test-answer').waitFor()
    expect(await page.getByTestId('test-answer').textContent()).toContain('得分')
    expect(await overflowsSideways(page)).toBe(false)
    // The answer fits its panel: nothing is cut off at the right.
    const fits = await page.getByTestId('test-answer').evaluate((answer) => {
      const panel = answer.closest('.test-turns')!
      const bubble = answer.querySelector('.timeline-message')!
      const text = bubble.querySelector('.markdown')!
      return panel.scrollWidth <= panel.clientWidth + 1 && text.getBoundingClientRect().right <= bubble.getBoundingClientRect().right + 1
    })
    expect(fits).toBe(true)
    const settings = await page.getByTestId('bot-settings').boundingBox()
    const chat = await page.getByTestId('bot-test-chat').boundingBox()
    expect(chat!.y).toBeGreaterThan(settings!.y + settings!.height - 1)
    await screenshot(page, 'console-bot-test-chat-phone-zh')
  })

  it('deletes a bot only after a confirmation', async () => {
    await server.rest('POST', `/api/v1/apps/${appId}/bots`, { body: { id: 'temp', name: 'Temporary' } })
    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Bots' }).click()
    await page.getByTestId('bot-temp').getByRole('button').click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = page.getByRole('alertdialog')
    expect(await dialog.textContent()).toContain('Delete the bot Temporary?')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect((await server.rest('GET', `/api/v1/apps/${appId}/bots/temp`)).status).toBe(200)
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete bot' }).click()
    await page.getByText('The bot Temporary was deleted.').first().waitFor()
    expect(await page.getByTestId('bot-temp').count()).toBe(0)
    expect((await server.rest('GET', `/api/v1/apps/${appId}/bots/temp`)).status).toBe(404)
  })
})
