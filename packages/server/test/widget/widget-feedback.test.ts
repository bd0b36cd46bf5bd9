import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from '../../../../e2e/helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from '../../../../e2e/helpers/browser.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

/** Serious or critical axe-core findings inside the widget (the host page is the site's business). */
async function widgetViolations(page: Page) {
  return (await seriousViolations(page)).filter((violation) => violation.targets.some((target) => target.startsWith('warbler-widget')))
}

describe.runIf(availability.run)('the widget: 👍/👎 on the bot’s answers, and axe-core', () => {
  let widgetDir: string
  let fixture: WidgetFixture
  let site: HostSite
  let browser: Browser

  beforeAll(async () => {
    widgetDir = await buildWidget()
    fixture = await startWidgetFixture([], { env: { WARBLER_WIDGET_DIR: widgetDir } })
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    await fixture.configure({ allowedOrigins: [site.origin], botId: fixture.botId })
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  const history = async (conversationId: string, seq: number) =>
    (await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/conversations/${encodeURIComponent(conversationId)}/messages/${seq}/feedback`, { secret: fixture.app.secret })).body.feedback as { rating: string; reason?: string; comment?: string; userId: string }[]

  async function ask(page: Page, question: string, answer: RegExp) {
    const composer = page.getByRole('textbox', { name: /^(Message|消息)$/ })
    await composer.fill(question)
    await composer.press('Enter')
    await page.locator('.msg').filter({ hasText: answer }).getByRole('group', { name: /Rate this answer|评价这个回答/ }).waitFor({ timeout: 15_000 })
    const seq = Number(await page.locator('.msg').filter({ hasText: answer }).getAttribute('data-seq'))
    return { seq }
  }

  it('a visitor rates an answer 👎 with a reason and a comment, then changes to 👍; every rating is kept; no serious axe violations', async () => {
    const page = await (await newContext(browser)).newPage()
    await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const { seq } = await ask(page, 'How long does shipping take?', /two business days/)
    const answer = page.locator('.msg').filter({ hasText: /two business days/ })
    expect(await widgetViolations(page)).toEqual([])

    await answer.getByRole('button', { name: 'Not helpful' }).click()
    await answer.getByRole('group', { name: 'What was wrong with it?' }).waitFor()
    // Keyboard: the first reason has focus; arrows move between reasons.
    await page.keyboard.press('ArrowDown')
    expect(await answer.getByRole('radio', { name: 'Incomplete' }).isChecked()).toBe(true)
    await answer.getByRole('radio', { name: 'Outdated' }).check()
    await answer.getByRole('textbox', { name: 'Comment (optional)' }).fill('Express now takes one day')
    expect(await widgetViolations(page)).toEqual([])
    await screenshot(page, 'widget-feedback-form')
    await answer.getByRole('button', { name: 'Send feedback' }).click()
    await answer.getByText('You rated this answer not helpful (Outdated).').waitFor()
    expect(await answer.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('true')

    const visitorId = await page.evaluate(() => Object.keys(localStorage).find((key) => key.includes('.feedback.')))
    expect(visitorId).toBeTruthy()
    const conversationId = /\.feedback\.(.+)\.\d+$/.exec(visitorId!)![1]!
    await expect.poll(async () => (await history(conversationId, seq)).map(({ rating, reason, comment }) => ({ rating, reason, comment }))).toEqual([{ rating: 'down', reason: 'outdated', comment: 'Express now takes one day' }])

    await answer.getByRole('button', { name: 'Helpful', exact: true }).click()
    await answer.getByText('You rated this answer helpful.').waitFor()
    const kept = await history(conversationId, seq)
    expect(kept.map((entry) => entry.rating)).toEqual(['down', 'up'])
    expect(kept[0]!.userId).toMatch(/^visitor:/)

    // The given rating shows again after a reload.
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    const again = page.locator('.msg').filter({ hasText: /two business days/ })
    await again.getByText('You rated this answer helpful.').waitFor({ timeout: 10_000 })
    expect(await again.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true')
  })

  it('in 中文 at phone width, Escape closes the reasons without sending', async () => {
    const page = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await page.goto(`${site.origin}/zh`)
    await page.getByRole('button', { name: '打开聊天' }).click()
    await ask(page, 'Can I return beans?', /30 days/)
    const answer = page.locator('.msg').filter({ hasText: /30 days/ })
    await answer.getByRole('button', { name: '没有帮助' }).click()
    await answer.getByRole('group', { name: '哪里有问题？' }).waitFor()
    expect(await answer.getByRole('radio').allTextContents()).toHaveLength(5)
    expect(await widgetViolations(page)).toEqual([])
    await screenshot(page, 'widget-feedback-zh-phone')
    await page.keyboard.press('Escape')
    await expect.poll(() => answer.getByRole('group', { name: '哪里有问题？' }).count()).toBe(0)
    // The panel itself stays open.
    await page.getByRole('textbox', { name: '消息' }).waitFor()
    expect(await answer.getByRole('button', { name: '没有帮助' }).getAttribute('aria-pressed')).toBe('false')
  })
})
