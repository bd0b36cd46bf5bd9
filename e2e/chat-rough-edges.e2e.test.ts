import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserAvailability, newContext, screenshot } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'

const availability = browserAvailability()

/** Any `word_word` left in a text a person reads is a raw error code. */
const RAW_CODE = /\b[a-z]+_[a-z_]+\b/

describe.skipIf(!availability.run)('chat app rough edges (issue 23) in Chromium', { timeout: 120_000 }, () => {
  const env = useChatEnvironment()

  async function openDemoGroupAs(userId: string, options: { locale?: string; phone?: boolean } = {}): Promise<Page> {
    const page = await (await newContext(env.browser, options)).newPage()
    await env.signInAs(page, userId)
    await page.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await page.getByTestId('message').first().waitFor()
    return page
  }

  it('failures read as sentences in English and 中文, never as error codes', async () => {
    const page = await openDemoGroupAs('carol')
    await page.getByTestId('composer').fill('x'.repeat(10_001))
    await page.keyboard.press('Enter')
    const failed = page.getByTestId('pending-message').filter({ hasText: 'Not sent' }).getByRole('alert')
    await failed.waitFor()
    const failedText = (await failed.textContent()) ?? ''
    expect(failedText).toContain('The message is too long. Shorten it and try again.')
    expect(failedText).not.toMatch(RAW_CODE)

    const chinese = await (await newContext(env.browser, { locale: 'zh-CN' })).newPage()
    await env.signInAs(chinese, 'alice')
    await chinese.getByPlaceholder('与…聊天（用户 ID）').fill('nobody-here')
    await chinese.getByRole('button', { name: '打开', exact: true }).click()
    const refused = chinese.locator('.new-chat').getByRole('alert')
    await refused.waitFor()
    expect(await refused.textContent()).toBe('无法打开此聊天。没有使用此 ID 的用户。')
    await screenshot(chinese, 'chat-error-zh')
  })

  it('notices going offline within 5 s, shows the queued message at once, and sends it on reconnect', async () => {
    const page = await openDemoGroupAs('bob')
    await expect.poll(() => page.getByTestId('connection-banner').count()).toBe(0)
    const wentOffline = Date.now()
    await page.context().setOffline(true)
    await page.getByTestId('connection-banner').waitFor({ timeout: 5_000 })
    await page.locator('.sidebar').getByText('Offline', { exact: true }).waitFor({ timeout: 5_000 })
    expect(Date.now() - wentOffline).toBeLessThan(5_000)
    await page.getByTestId('composer').fill('Written on the train')
    await page.keyboard.press('Enter')
    await page.getByTestId('pending-message').filter({ hasText: 'Written on the train' }).getByText('Waiting for the connection…').waitFor({ timeout: 1_000 })
    await screenshot(page, 'chat-offline-queued')

    await page.context().setOffline(false)
    await page.getByTestId('message').filter({ hasText: 'Written on the train' }).waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByTestId('connection-banner').count(), { timeout: 10_000 }).toBe(0)
    expect(await page.getByTestId('pending-message').count()).toBe(0)
  })
})
