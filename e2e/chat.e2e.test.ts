import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserAvailability, newContext, screenshot } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'

const availability = browserAvailability()

describe.skipIf(!availability.run)('chat app in Chromium', { timeout: 60_000 }, () => {
  const env = useChatEnvironment()

  const { signInAs } = env

  it('two people chat with each other: unread badge, live delivery, both directions', async () => {
    const alice = await (await newContext(env.browser)).newPage()
    const bob = await (await newContext(env.browser)).newPage()
    await alice.goto(env.server.url)
    await alice.getByTestId('demo-user-alice').waitFor()
    await screenshot(alice, 'chat-sign-in')
    await signInAs(alice, 'alice')
    await signInAs(bob, 'bob')

    await alice.getByPlaceholder('Chat with… (name or user id)').fill('bob')
    await alice.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => alice.getByTestId('conversation-heading').textContent()).toBe('Bob')
    await alice.getByTestId('composer').fill('Hello Bob, **markdown** works')
    await alice.keyboard.press('Enter')

    const row = bob.getByTestId('conversation-row').filter({ has: bob.locator('.conversation-title', { hasText: /^Alice$/ }) })
    await row.getByTestId('unread-badge').waitFor()
    expect(await row.getByTestId('unread-badge').textContent()).toBe('1')
    await screenshot(bob, 'chat-unread-badge')
    await row.click()
    const received = bob.getByTestId('message').filter({ hasText: 'Hello Bob' })
    await received.waitFor()
    expect(await received.locator('strong').textContent()).toBe('markdown')
    await expect.poll(() => row.getByTestId('unread-badge').count()).toBe(0)

    await bob.getByTestId('composer').fill('Hi Alice 你好')
    await bob.getByRole('button', { name: 'Send' }).click()
    await alice.getByTestId('message').filter({ hasText: 'Hi Alice 你好' }).waitFor()
    await screenshot(alice, 'chat-conversation')
    await screenshot(bob, 'chat-conversation-bob')
  })

  it('scrolls back through history page by page', async () => {
    const demo = env.server.demo
    for (let index = 1; index <= 70; index++) {
      const sent = await env.server.rest('POST', `/api/v1/apps/${demo.appId}/messages`, {
        body: { from: index % 2 ? 'carol' : 'alice', conversationId: demo.groupId, body: { type: 'text', text: `History line ${index}` } },
      })
      expect(sent.status).toBe(200)
    }
    const page = await (await newContext(env.browser)).newPage()
    await signInAs(page, 'carol')
    await page.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await page.getByTestId('message').filter({ hasText: 'History line 70' }).waitFor()
    expect(await page.getByTestId('message').filter({ hasText: 'History line 1' }).count()).toBe(0)
    const list = page.getByTestId('message-list')
    for (let round = 0; round < 10 && (await page.getByText('Welcome to Warbler!').count()) === 0; round++) {
      await list.evaluate((element) => element.scrollTo(0, 0))
      await page.waitForTimeout(200)
    }
    await page.getByText('Welcome to Warbler!').waitFor()
    expect(await page.getByTestId('message').filter({ hasText: /^History line 1$/ }).count()).toBeLessThanOrEqual(1)
    await page.getByText('This is the start of the conversation.').waitFor()
  })

  it('can be used with the keyboard alone', async () => {
    const page = await (await newContext(env.browser)).newPage()
    await page.goto(env.server.url)
    await page.getByTestId('demo-user-carol').waitFor()
    // Tab from the top of the page to Carol's button and press Enter.
    for (let step = 0; step < 10; step++) {
      await page.keyboard.press('Tab')
      if (await page.getByTestId('demo-user-carol').evaluate((element) => element === document.activeElement)) break
    }
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('me-name').textContent()).toBe('Carol')
    await page.getByLabel('Find people by name or user id').focus()
    await page.keyboard.type('bob')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('conversation-heading').textContent()).toBe('Bob')
    await page.getByLabel('Message', { exact: true }).focus()
    await page.keyboard.type('Typed without a mouse')
    await page.keyboard.press('Enter')
    await page.getByTestId('message').filter({ hasText: 'Typed without a mouse' }).waitFor()
    const focusRing = await page.getByLabel('Message', { exact: true }).evaluate((element) => getComputedStyle(element).boxShadow)
    expect(focusRing).not.toBe('none')
  })

  it('works at phone width and in Chinese', async () => {
    const context = await newContext(env.browser, { phone: true, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(env.server.url)
    await page.getByText('演示用户').waitFor()
    await screenshot(page, 'chat-phone-sign-in-zh')
    await page.getByTestId('demo-user-bob').click()
    await page.getByTestId('conversation-row').first().waitFor()
    await screenshot(page, 'chat-phone-list-zh')
    await page.getByTestId('conversation-row').filter({ has: page.locator('.conversation-title', { hasText: /^Alice$/ }) }).click()
    await page.getByTestId('message').first().waitFor()
    expect(await page.getByRole('button', { name: '返回会话列表' }).isVisible()).toBe(true)
    await screenshot(page, 'chat-phone-conversation-zh')
    await page.getByRole('button', { name: '返回会话列表' }).click()
    await page.getByTestId('conversation-row').first().waitFor()
  })
})
