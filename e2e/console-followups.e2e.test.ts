import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner, statusFromPage } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
// The console account `olivia@…` works as the app agent `olivia` (the inbox matches the email's name).
const OWNER = { email: 'olivia@example.com', password: 'owner password 7' }

/** Whether the page scrolls sideways (a phone user would have to pan). */
async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
}

describe.skipIf(!availability.run)('console follow-ups (issues 18, 21): agents rate answers, bot settings, A/B notes in 中文, activity as sentences, in Chromium', { timeout: 150_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let appId: string

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    appId = server.demo.appId
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function signIn(page: Page, hash: string): Promise<void> {
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.evaluate((target) => (location.hash = target), hash)
  }

  it('an agent rates a bot answer 👎 with a reason and a comment, then changes to 👍: the ratings beside the answer update and the first stays as history', async () => {
    const key = server.demo.appSecret
    await server.rest('POST', `/api/v1/apps/${appId}/users`, { key, body: { id: 'olivia', name: 'Olivia' } })
    // Capacity 0: nothing is assigned to her, so she rates in a conversation she is not a member of.
    expect((await server.rest('PUT', `/api/v1/apps/${appId}/agents/olivia`, { key, body: { capacity: 0 } })).status).toBeLessThan(300)
    const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key, body: { from: 'carol', to: 'assistant', body: { type: 'text', text: 'How do I deploy a cluster?' } } })
    expect(sent.status).toBe(200)
    const { conversationId } = sent.body
    let answerSeq: number | undefined
    await expect
      .poll(async () => {
        const page = await server.rest('GET', `/api/v1/apps/${appId}/conversations/${conversationId}/messages?limit=20`, { key })
        answerSeq = (page.body.events ?? page.body.items ?? []).find((event: { senderId: string; seq: number; kind: string; status?: string }) => event.senderId === 'assistant' && event.kind === 'message' && event.seq > sent.body.seq && event.status !== 'streaming')?.seq
        return answerSeq
      }, { timeout: 20_000 })
      .toBeDefined()
    await server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/handoff`, { key, body: { reason: 'customer_request' } })

    const page = await (await newContext(browser)).newPage()
    await signIn(page, '#/inbox')
    await page.getByRole('tab', { name: 'All open' }).click()
    await page.getByTestId(`inbox-row-${conversationId}`).click()
    expect(await page.getByTestId('inbox-conversation').getAttribute('data-status')).toBe('queued')
    const answer = page.locator(`[data-testid="timeline-message"][data-seq="${answerSeq}"]`)
    const rate = answer.getByTestId('rate-answer')
    await rate.getByText('Rate this answer').click()
    // Saving without a choice says what is missing.
    await rate.getByRole('button', { name: 'Save rating' }).click()
    expect(await rate.getByRole('alert').textContent()).toContain('Pick 👍 or 👎 first.')
    await rate.getByLabel('👎 Not helpful').check()
    await rate.getByLabel('Reason').selectOption({ label: 'Outdated' })
    await rate.getByLabel('Comment (optional)').fill('The cluster guide moved to Helm.')
    await rate.getByRole('button', { name: 'Save rating' }).click()
    await rate.getByRole('status').filter({ hasText: 'Rating saved.' }).waitFor()
    const feedback = answer.getByTestId('answer-feedback')
    await feedback.waitFor()
    const current = feedback.locator('> ul').getByTestId('answer-rating')
    await expect.poll(async () => (await current.first().textContent()) ?? '').toContain('The cluster guide moved to Helm.')
    expect(await current.first().textContent()).toContain('Outdated')
    expect(await current.first().textContent()).toContain('Olivia')

    // A change of mind is a new rating; the first one is kept as history.
    const again = answer.getByTestId('rate-answer')
    // The form stays open after a save; its summary now offers a change.
    expect(await again.locator('summary').textContent()).toBe('Change your rating')
    await again.getByLabel('👍 Helpful').check()
    await again.getByLabel('Reason').selectOption({ label: 'No reason given' })
    await again.getByLabel('Comment (optional)').fill('')
    await again.getByRole('button', { name: 'Save rating' }).click()
    await expect.poll(async () => current.first().getAttribute('data-rating'), { timeout: 10_000 }).toBe('up')
    expect(await current.count()).toBe(1)
    await feedback.getByText('Earlier ratings (1)').click()
    expect(await feedback.locator('details').getByTestId('answer-rating').first().getAttribute('data-rating')).toBe('down')
    const history = await server.rest('GET', `/api/v1/apps/${appId}/conversations/${conversationId}/messages/${answerSeq}/feedback`, { key })
    const items = history.body.items ?? history.body.feedback
    const members = await server.rest('GET', `/api/v1/apps/${appId}/conversations/${conversationId}/members`, { key })
    if (members.status === 200) expect(JSON.stringify(members.body)).not.toContain('"olivia"')
    expect(items.map((item: { userId: string; rating: string }) => `${item.userId}:${item.rating}`)).toEqual(['olivia:down', 'olivia:up'])
    expect(items[0]).toMatchObject({ reason: 'outdated', comment: 'The cluster guide moved to Helm.' })
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-inbox-agent-rating')

    // On a phone in 中文 the rating form reads in Chinese and fits the screen.
    const phone = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await signIn(phone, '#/inbox')
    await phone.getByRole('tab', { name: '全部进行中' }).click()
    await phone.getByTestId(`inbox-row-${conversationId}`).click()
    const phoneRate = phone.locator(`[data-testid="timeline-message"][data-seq="${answerSeq}"]`).getByTestId('rate-answer')
    await phoneRate.getByText('修改你的评价').click()
    expect(await phoneRate.getByText('你的评价', { exact: true }).isVisible()).toBe(true)
    expect(await overflowsSideways(phone)).toBe(false)
    expect(await seriousViolations(phone)).toEqual([])
    await screenshot(phone, 'console-inbox-agent-rating-phone-zh')
  })

  it('edits triggers, quotas, model settings and redaction; refused values are said in words; cleared instructions become the default', async () => {
    expect((await server.rest('POST', `/api/v1/apps/${appId}/bots`, { body: { id: 'tuner', name: 'Tuner', systemPrompt: 'Be brief.', temperature: 0.9 } })).status).toBe(201)
    const page = await (await newContext(browser)).newPage()
    await signIn(page, '#/bots')
    await page.getByTestId('bot-tuner').getByRole('button').click()
    const settings = page.getByTestId('bot-settings')
    await settings.waitFor()
    expect(await settings.getByLabel('Instructions').inputValue()).toBe('Be brief.')
    await settings.getByLabel('Instructions').fill('')
    await settings.getByLabel('When @mentioned in a group').uncheck()
    await settings.getByLabel('Keywords that wake it in groups (one a line)').fill('refund\n退款')
    await settings.getByLabel('Per person per day').fill('5000')
    await settings.getByLabel(/^Temperature/).fill('5')
    await settings.getByLabel(/^Longest answer/).fill('1.5')
    await settings.getByLabel('Hide personal data (emails, phone numbers, card numbers) from the model').uncheck()
    await settings.getByRole('button', { name: 'Save changes' }).click()
    expect(await settings.getByTestId('bot-form-errors').textContent()).toContain('Some settings need a fix')
    const errors = await settings.getByTestId('field-error').allTextContents()
    expect(errors).toEqual(['Enter a number from 0 to 2.', 'Enter a whole number.'])
    // The keyboard is taken to the first refused field.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('temperature')
    expect((await server.rest('GET', `/api/v1/apps/${appId}/bots/tuner`)).body.systemPrompt).toBe('Be brief.')

    await settings.getByLabel(/^Temperature/).fill('')
    await settings.getByLabel(/^Longest answer/).fill('400')
    await settings.getByRole('button', { name: 'Save changes' }).click()
    await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    const stored = (await server.rest('GET', `/api/v1/apps/${appId}/bots/tuner`)).body
    expect(stored.systemPrompt).toContain('Answer from the numbered sources')
    expect(stored.temperature).toBeUndefined()
    expect(stored).toMatchObject({ maxOutputTokens: 400, historyTokens: 2000, redactPii: false, quotas: { userDailyTokens: 5000 }, triggers: { direct: true, mention: false, keywords: ['refund', '退款'] } })
    // The form shows the default instructions the bot now has.
    expect(await settings.getByLabel('Instructions').inputValue()).toBe(stored.systemPrompt)

    await page.reload()
    await page.getByTestId('bot-tuner').getByRole('button').click()
    await page.getByTestId('bot-settings').waitFor()
    expect(await page.getByTestId('bot-settings').getByLabel('Keywords that wake it in groups (one a line)').inputValue()).toBe('refund\n退款')
    expect(await page.getByTestId('bot-settings').getByLabel('Per person per day').inputValue()).toBe('5000')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-bot-settings')

    const phone = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await signIn(phone, '#/bots')
    await phone.getByTestId('bot-tuner').getByRole('button').click()
    const zh = phone.getByTestId('bot-settings')
    await zh.getByLabel(/^温度/).fill('abc')
    await zh.getByRole('button', { name: '保存修改' }).click()
    expect(await zh.getByTestId('field-error').allTextContents()).toEqual(['请输入数字。'])
    expect(await zh.getByText('何时回答').isVisible()).toBe(true)
    expect(await overflowsSideways(phone)).toBe(false)
    expect(await seriousViolations(phone)).toEqual([])
    await screenshot(phone, 'console-bot-settings-phone-zh')
  })

  it('the A/B variants screen shows the server’s note and verdict in the reader’s language', async () => {
    await server.rest('POST', `/api/v1/apps/${appId}/bots`, { body: { id: 'split', name: 'Split' } })
    expect((await server.rest('PUT', `/api/v1/apps/${appId}/bots/split/variants`, { body: { variants: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] } })).status).toBe(200)
    const outcomes = (await server.rest('GET', `/api/v1/apps/${appId}/bots/split/variants/outcomes`)).body
    const { note, noteZh, verdict } = outcomes.comparison.downRate
    expect(noteZh).not.toBe(note)

    for (const [locale, tab, expected, verdictText] of [
      ['zh-CN', 'A/B 变体', noteZh, '暂无数据'],
      ['en', 'A/B variants', note, 'No data yet'],
    ] as const) {
      const page = await (await newContext(browser, { locale })).newPage()
      await signIn(page, '#/quality')
      await page.getByRole('tab', { name: tab }).click()
      await page.getByRole('combobox').last().selectOption('split')
      const down = page.getByTestId('variant-note-down')
      await down.waitFor()
      expect(await down.getAttribute('data-verdict')).toBe(verdict)
      const text = (await down.textContent()) ?? ''
      expect(text).toContain(expected)
      if (verdict === 'no_data') expect(text).toContain(verdictText)
      expect(await seriousViolations(page)).toEqual([])
      if (locale === 'zh-CN') await screenshot(page, 'console-variants-zh')
    }
  })

  it('the dashboard reads activity as sentences: "Olivia Owner created the bot Helper" / "Olivia Owner 创建了机器人 Helper"', async () => {
    const page = await (await newContext(browser)).newPage()
    await signIn(page, '#/bots')
    expect(await statusFromPage(page, 'POST', `/api/v1/console/apps/${appId}/api/bots`, { id: 'helper', name: 'Helper' })).toBe(201)
    expect(await statusFromPage(page, 'DELETE', `/api/v1/console/apps/${appId}/api/bots/split`)).toBe(200)
    await page.evaluate(() => (location.hash = '#/dashboard'))
    await page.reload()
    const sentences = page.getByTestId('activity-sentence')
    await sentences.first().waitFor()
    const all = await sentences.allTextContents()
    expect(all).toContain('Olivia Owner created the bot Helper')
    // A deleted bot has no current name: its id names it.
    expect(all).toContain('Olivia Owner deleted the bot split')
    expect(await seriousViolations(page)).toEqual([])

    const zh = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await signIn(zh, '#/dashboard')
    await zh.getByTestId('activity-sentence').first().waitFor()
    expect(await zh.getByTestId('activity-sentence').allTextContents()).toContain('Olivia Owner 创建了机器人 Helper')
    expect(await overflowsSideways(zh)).toBe(false)
    await screenshot(zh, 'console-dashboard-sentences-phone-zh')
  })
})
