import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { ask, docsIndexed } from './helpers/answer-helpers.js'
import { signInAs } from './helpers/chat-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()

describe.skipIf(!availability.run)('grounded answers from the demo assistant, at phone width', { timeout: 120_000 }, () => {
  let server: E2eServer
  let browser: Browser

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await docsIndexed(server)
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('answers in the question’s language with readable passages and one source list, and declines what the docs do not cover', async () => {
    const page = await (await newContext(browser, { phone: true })).newPage()
    await signInAs(page, server.url, 'alice')
    await page.getByPlaceholder('Chat with… (name or user id)').fill('assistant')
    await page.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => page.getByTestId('conversation-heading').textContent()).toBe('Assistant')

    const english = await ask(page, 'How do I deploy a cluster?', /Here is what I found/)
    const englishText = (await english.textContent()) ?? ''
    expect(englishText).not.toContain('以下是')
    expect(await english.getByTestId('citation').count()).toBeGreaterThan(0)
    expect(await english.getByTestId('citation').first().textContent()).toMatch(/deploy\.md ›/)
    await screenshot(page, 'answer-en-phone')
    await english.getByTestId('citation').first().click()
    await english.locator('.citation-detail').waitFor()
    await screenshot(page, 'answer-en-citation-phone')

    const chinese = await ask(page, '怎么部署集群？', /以下是知识库中的相关内容/)
    expect((await chinese.textContent()) ?? '').not.toContain('Here is what I found')
    expect(await chinese.getByTestId('citation').first().textContent()).toMatch(/deploy\.zh-CN\.md ›/)
    await screenshot(page, 'answer-zh-phone')

    // A decline hands the conversation to a person (the bot then stays quiet there): one per conversation.
    const declined = await ask(page, 'What is the refund policy for my order #1234?', /I don't know/)
    expect(await declined.getByTestId('citation').count()).toBe(0)
    await screenshot(page, 'answer-declined-en-phone')

    const chinesePage = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await signInAs(chinesePage, server.url, 'bob')
    await chinesePage.getByPlaceholder('与…聊天（名字或用户 ID）').fill('assistant')
    await chinesePage.getByRole('button', { name: '打开' }).click()
    const refused = await ask(chinesePage, '我的订单1234的退款政策是什么？', /我不知道/)
    expect((await refused.textContent()) ?? '').not.toContain("I don't know")
    await screenshot(chinesePage, 'answer-declined-zh-phone')
  })
})
