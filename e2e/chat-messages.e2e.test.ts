import type { Locator, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../packages/ai/src/testing/fake-openai-server.js'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, newContext, screenshot } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'

const availability = browserAvailability()

/**
 * The message list and composer (issues 18, 21, 23): the new-messages divider, the emoji picker,
 * @mentions that make a bot answer in a group, one announcement per streamed answer, long press
 * and the keyboard for message actions, the composer above the on-screen keyboard, 👍/👎 on answers.
 */
/** Pixels of an element's screenshot that are clearly coloured (not grey, white or black). */
async function colouredPixels(locator: Locator): Promise<number> {
  const { data, info } = await sharp(await locator.screenshot()).raw().toBuffer({ resolveWithObject: true })
  let coloured = 0
  for (let offset = 0; offset < data.length; offset += info.channels) {
    const [red, green, blue] = [data[offset]!, data[offset + 1]!, data[offset + 2]!]
    if (Math.max(red, green, blue) - Math.min(red, green, blue) > 80) coloured += 1
  }
  return coloured
}

describe.skipIf(!availability.run)('chat messages and composer in Chromium', { timeout: 120_000 }, () => {
  const env = useChatEnvironment()
  let provider: FakeOpenAIServer

  beforeAll(async () => {
    provider = await startFakeOpenAIServer({ models: ['fake-stream'], apiKey: 'sk-e2e' })
  })
  afterAll(async () => {
    await provider?.close()
  })

  const rest = (method: string, path: string, body?: unknown) => env.server.rest(method, `/api/v1/apps/${env.server.demo.appId}${path}`, { key: env.server.demo.appSecret, body })
  const sendAs = async (from: string, target: { conversationId: string } | { to: string }, text: string) => {
    const response = await rest('POST', '/messages', { from, ...target, body: { type: 'text', text } })
    expect(response.status).toBe(200)
    return response.body as { conversationId: string; seq: number }
  }

  async function signedIn(userId: string, options: { locale?: string; phone?: boolean } = {}): Promise<Page> {
    const page = await (await newContext(env.browser, options)).newPage()
    await env.signInAs(page, userId)
    return page
  }

  async function openRow(page: Page, name: string | RegExp): Promise<void> {
    await page.getByTestId('conversation-row').filter({ hasText: name }).first().click()
    await page.getByTestId('message').first().waitFor()
  }

  it('a "New messages" divider sits above the first unread message, in English and 中文, and is gone once read', async () => {
    const { groupId } = env.server.demo
    await sendAs('carol', { conversationId: groupId }, 'Read before the divider')
    // Bob reads everything so far, then three messages come in while he is away.
    const warmup = await signedIn('bob')
    await openRow(warmup, 'Demo')
    await warmup.getByTestId('message').filter({ hasText: 'Read before the divider' }).waitFor()
    await warmup.close()
    const first = await sendAs('carol', { conversationId: groupId }, 'First unread line')
    await sendAs('alice', { conversationId: groupId }, 'Second unread line')
    await sendAs('carol', { conversationId: groupId }, 'Third unread line')

    const page = await signedIn('bob', { locale: 'zh-CN' })
    await openRow(page, 'Demo')
    const divider = page.getByTestId('unread-divider')
    await divider.waitFor()
    expect(await divider.textContent()).toBe('新消息')
    // The divider is directly above the first unread message, and in view.
    const next = await divider.evaluate((element) => (element.nextElementSibling as HTMLElement | null)?.dataset.seq)
    expect(Number(next)).toBe(first.seq)
    expect(await divider.isVisible()).toBe(true)
    expect(await page.getByTestId('unread-divider').count()).toBe(1)
    await screenshot(page, 'chat-unread-divider-zh')

    // Read now: opened again, there is no divider.
    await page.reload()
    await openRow(page, 'Demo')
    await page.getByTestId('message').filter({ hasText: 'Third unread line' }).waitFor()
    expect(await page.getByTestId('unread-divider').count()).toBe(0)

    await page.close()
    await sendAs('carol', { conversationId: groupId }, 'One more for the English reader')
    const english = await signedIn('bob')
    await openRow(english, 'Demo')
    expect(await english.getByTestId('unread-divider').textContent()).toBe('New messages')
  })

  it('the emoji picker works by keyboard, inserts at the caret and shows colour emoji', async () => {
    const page = await signedIn('carol')
    await openRow(page, 'Demo')
    const composer = page.getByTestId('composer')
    await composer.fill('Lunch at noon')
    await composer.press('End')
    await page.getByRole('button', { name: 'Insert an emoji' }).focus()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('dialog', { name: 'Emoji' })
    await panel.waitFor()
    expect(await panel.getByRole('group', { name: 'Food and drink' }).count()).toBe(1)
    // Focus is on the first emoji; Right, then Down one row (8 per row), then Enter.
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowDown')
    const chosen = await page.evaluate(() => document.activeElement?.textContent)
    expect(chosen).toBe('😇')
    await page.keyboard.press('Enter')
    expect(await composer.inputValue()).toBe('Lunch at noon😇')
    // One tab stop inside the panel (roving), Escape closes it and gives focus back to the button.
    expect(await panel.evaluate((element) => [...element.querySelectorAll('button')].filter((button) => button.tabIndex === 0).length)).toBe(1)
    expect(await colouredPixels(panel.locator('button', { hasText: '🍎' }))).toBeGreaterThan(20)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chat-emoji-picker')
    await page.keyboard.press('Escape')
    expect(await panel.count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Insert an emoji' }).evaluate((element) => element === document.activeElement)).toBe(true)
    // The emoji in the text is in colour too (the text font's monochrome glyph does not win).
    expect(await colouredPixels(composer)).toBeGreaterThan(20)
    await composer.focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('message').filter({ hasText: 'Lunch at noon😇' }).waitFor()
  })

  it('@ lists the group members by name; the sent message carries mentions and the bot answers in the group', async () => {
    const page = await (await newContext(env.browser)).newPage()
    const sent: unknown[] = []
    page.on('websocket', (socket) => socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"message.send"')) sent.push(JSON.parse(frame.payload))
    }))
    await env.signInAs(page, 'alice')
    await openRow(page, 'Demo')
    const composer = page.getByTestId('composer')
    await composer.pressSequentially('@')
    const list = page.getByRole('listbox', { name: 'Members to mention' })
    await list.waitFor()
    expect((await list.getByRole('option').allTextContents()).map((text) => text.split(' ')[0])).toEqual(['Assistant', 'Bob', 'Carol'])
    // Escape closes the list for this @.
    await page.keyboard.press('Escape')
    expect(await list.count()).toBe(0)
    await composer.fill('')
    await composer.pressSequentially('@c')
    await list.waitFor()
    expect(await list.getByRole('option').allTextContents()).toEqual(['Carol @carol'])
    await page.keyboard.press('Backspace')
    await composer.pressSequentially('as')
    expect(await list.getByRole('option').allTextContents()).toEqual(['Assistant @assistant'])
    expect(await composer.getAttribute('aria-activedescendant')).toBe('mention-option-0')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chat-mention-list')
    await page.keyboard.press('Tab')
    expect(await composer.inputValue()).toBe('@Assistant ')
    expect(await list.count()).toBe(0)
    await composer.pressSequentially('how do I deploy a cluster?')
    await page.keyboard.press('Enter')
    await page.getByTestId('message').filter({ hasText: '@Assistant how do I deploy a cluster?' }).first().waitFor()
    const frame = sent.at(-1) as { body: { text: string; mentions?: string[] } }
    expect(frame.body).toEqual({ type: 'text', text: '@Assistant how do I deploy a cluster?', mentions: ['assistant'] })
    // The demo assistant (offline, from the docs) answers in the group because it was mentioned.
    const asked = Number(await page.getByTestId('message').filter({ hasText: '@Assistant how do I deploy' }).first().getAttribute('data-seq'))
    await page.locator(`[data-testid="message"][data-seq="${asked + 1}"]`).waitFor({ timeout: 15_000 })
    expect(await page.locator(`[data-testid="message"][data-seq="${asked + 1}"] .sender`).textContent()).toContain('Assistant')
  })

  it('a streamed answer is announced once, when it is complete, not on every delta', async () => {
    const created = await rest('POST', '/bots', { id: 'streamer', name: 'Streamer', provider: { baseUrl: provider.baseURL, apiKey: 'sk-e2e', model: 'fake-stream' } })
    expect(created.status).toBeLessThan(300)
    await sendAs('streamer', { to: 'alice' }, 'Ask me anything.')
    const words = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ')
    provider.script([{ reply: `Here is a long answer: ${words}.`, tokenIntervalMs: 25 }])
    const page = await signedIn('alice')
    await openRow(page, 'Streamer')
    await page.evaluate(() => {
      const record = { live: [] as string[], bubble: 0 }
      ;(window as unknown as { record: typeof record }).record = record
      const region = document.querySelector('[data-testid="live-region"]')!
      new MutationObserver(() => record.live.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true })
      const list = document.querySelector('ol.messages')!
      new MutationObserver(() => (record.bubble += 1)).observe(list, { childList: true, characterData: true, subtree: true })
    })
    await page.getByTestId('composer').fill('Tell me a long story')
    await page.keyboard.press('Enter')
    const answer = page.getByTestId('message').filter({ hasText: 'Here is a long answer' })
    await page.locator('.message.streaming').waitFor({ timeout: 10_000 })
    // While it streams, no live region holds the streaming bubble.
    expect(await page.locator('[aria-live] .message.streaming').count()).toBe(0)
    await answer.filter({ hasText: 'word59.' }).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.locator('.message.streaming').count(), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => page.getByTestId('live-region').textContent()).toContain('Streamer: Here is a long answer')
    const record = await page.evaluate(() => (window as unknown as { record: { live: string[]; bubble: number } }).record)
    // Many updates of the bubble, a bounded number of announcements (the answer, once).
    expect(record.bubble).toBeGreaterThan(10)
    expect(new Set(record.live.filter(Boolean)).size).toBeLessThanOrEqual(2)
    expect(record.live.filter((text) => text.includes('Here is a long answer'))).toHaveLength(1)
    // The edit that ended the stream is the bot's text arriving, not an edit: no "edited", live or
    // from history after a reload.
    expect(await answer.getByTestId('edited').count()).toBe(0)
    await page.reload()
    await openRow(page, 'Streamer')
    const reloaded = page.getByTestId('message').filter({ hasText: 'word59.' })
    await reloaded.waitFor()
    expect(await reloaded.getByTestId('edited').count()).toBe(0)
  })

  it('on a phone a long press opens the actions (no "⋯" beside the bubbles) and the composer stays above the keyboard', async () => {
    const page = await signedIn('carol', { phone: true })
    await openRow(page, 'Demo')
    await page.getByTestId('composer').fill('Pressed for a while')
    await page.keyboard.press('Enter')
    const message = page.getByTestId('message').filter({ hasText: 'Pressed for a while' })
    await message.waitFor()
    expect(await page.getByTestId('message-actions').first().isVisible()).toBe(false)
    // A short tap does nothing; a press of 0.7 s opens the menu.
    const box = (await message.locator('.bubble').boundingBox())!
    const touch = async (holdMs: number) => {
      const cdp = await page.context().newCDPSession(page)
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] })
      await page.waitForTimeout(holdMs)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
      await cdp.detach()
    }
    await touch(100)
    expect(await page.getByRole('menu').count()).toBe(0)
    await touch(700)
    const menu = page.getByRole('menu')
    await menu.waitFor()
    // Lifting the finger leaves it open.
    await page.waitForTimeout(300)
    expect(await menu.isVisible()).toBe(true)
    await screenshot(page, 'chat-long-press-menu')
    await menu.getByRole('menuitem', { name: 'Reply' }).click()
    await page.getByTestId('reply-banner').waitFor()

    // The viewport asks to be resized by the on-screen keyboard, and the layout follows the
    // visible height: with 400 px left, the composer is fully inside it.
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('interactive-widget=resizes-content')
    await page.setViewportSize({ width: 390, height: 400 })
    await expect.poll(async () => {
      const composer = (await page.getByTestId('composer').boundingBox())!
      return composer.y + composer.height
    }).toBeLessThanOrEqual(400)
    expect((await page.getByTestId('composer').boundingBox())!.y).toBeGreaterThan(100)
    await screenshot(page, 'chat-phone-keyboard')
  })

  it('the focused message opens its actions with Enter or the menu key (the keyboard path)', async () => {
    const page = await signedIn('carol')
    await openRow(page, 'Demo')
    const list = page.getByTestId('message-list')
    await list.focus()
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowUp')
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-seq'))
    expect(focused).toBeTruthy()
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('Escape')
    expect(await page.getByRole('menu').count()).toBe(0)
    // Focus is back on the message (the list stays one tab stop).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-seq') ?? document.activeElement?.closest('li')?.getAttribute('data-seq'))).toBe(focused)
    await page.keyboard.press('ContextMenu')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('Escape')
  })

  it('👍/👎 on a bot answer: a reason and a comment, the given state shown, changed later, history kept', async () => {
    provider.script([{ reply: 'Refunds take five working days.' }])
    const page = await signedIn('alice', { locale: 'zh-CN' })
    await openRow(page, 'Streamer')
    await page.getByTestId('composer').fill('How long do refunds take?')
    await page.keyboard.press('Enter')
    const answer = page.getByTestId('message').filter({ hasText: 'Refunds take five working days.' })
    await answer.getByRole('group', { name: '评价这个回答' }).waitFor({ timeout: 30_000 })
    // Only the bot's answers are rated: not the user's own messages.
    expect(await page.getByTestId('message').filter({ hasText: 'How long do refunds take?' }).getByTestId('answer-feedback').count()).toBe(0)
    await answer.getByRole('button', { name: '没有帮助' }).click()
    const form = answer.getByTestId('feedback-form')
    await form.waitFor()
    expect(await form.getByRole('button', { name: '提交反馈' }).isDisabled()).toBe(true)
    await form.getByLabel('已过时').check()
    await form.getByLabel('补充说明（可选）').fill('现在是三个工作日')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chat-feedback-zh')
    await form.getByRole('button', { name: '提交反馈' }).click()
    await form.waitFor({ state: 'detached' })
    expect(await answer.getByRole('button', { name: '没有帮助' }).getAttribute('aria-pressed')).toBe('true')
    expect(await answer.getByTestId('feedback-status').textContent()).toBe('你评价这个回答没有帮助（已过时）。')

    const seq = Number(await answer.getAttribute('data-seq'))
    const conversationId = (await rest('GET', '/feedback')).body.feedback[0]?.conversationId as string
    const history = async () => (await rest('GET', `/conversations/${conversationId}/messages/${seq}/feedback`)).body.feedback as { rating: string; reason?: string; comment?: string; userId: string }[]
    expect(await history()).toMatchObject([{ rating: 'down', reason: 'outdated', comment: '现在是三个工作日', userId: 'alice' }])

    // Changed: a new rating, the first one kept; the state survives a reload on this device.
    await answer.getByRole('button', { name: '有帮助', exact: true }).click()
    await expect.poll(async () => (await history()).map((entry) => entry.rating)).toEqual(['down', 'up'])
    await page.reload()
    await openRow(page, 'Streamer')
    const again = page.getByTestId('message').filter({ hasText: 'Refunds take five working days.' })
    expect(await again.getByRole('button', { name: '有帮助', exact: true }).getAttribute('aria-pressed')).toBe('true')
    expect(await again.getByRole('button', { name: '没有帮助' }).getAttribute('aria-pressed')).toBe('false')

    // Another device (a fresh browser context: nothing cached) shows the same rating, read from the server.
    const other = await signedIn('alice')
    await openRow(other, 'Streamer')
    const elsewhere = other.getByTestId('message').filter({ hasText: 'Refunds take five working days.' })
    await expect.poll(() => elsewhere.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true')
    expect(await other.evaluate(() => localStorage.getItem('warbler.chat.feedback'))).toContain('"rating":"up"')
    // 👎 there: the first device reads it back when it opens the conversation again.
    await elsewhere.getByRole('button', { name: 'Not helpful' }).click()
    await elsewhere.getByTestId('feedback-form').getByLabel('Incorrect').check()
    await elsewhere.getByTestId('feedback-form').getByRole('button', { name: 'Send feedback' }).click()
    await expect.poll(async () => (await history()).map((entry) => entry.rating)).toEqual(['down', 'up', 'down'])
    await page.reload()
    await openRow(page, 'Streamer')
    const back = page.getByTestId('message').filter({ hasText: 'Refunds take five working days.' })
    await expect.poll(() => back.getByRole('button', { name: '没有帮助' }).getAttribute('aria-pressed')).toBe('true')
    expect(await back.getByTestId('feedback-status').textContent()).toBe('你评价这个回答没有帮助（不正确）。')
    // A message the bot posted itself (no reply id) is rated too: who is a bot comes from the directory.
    expect(await page.getByTestId('message').filter({ hasText: 'Ask me anything.' }).getByTestId('answer-feedback').count()).toBe(1)
  })

  it('a bot’s welcome greeting gets 👍/👎; on a phone, Copy in the long-press menu copies the text and says so', async () => {
    const created = await rest('POST', '/bots', { id: 'greeter', name: 'Greeter', welcomeMessage: 'Hello! I can answer questions about your orders.' })
    expect(created.status).toBeLessThan(300)
    await sendAs('carol', { to: 'greeter' }, 'Hi there')
    const page = await signedIn('carol', { phone: true, locale: 'zh-CN' })
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await openRow(page, 'Greeter')
    const greeting = page.getByTestId('message').filter({ hasText: 'Hello! I can answer questions about your orders.' })
    await greeting.getByRole('group', { name: '评价这个回答' }).waitFor()
    // Carol's own message has no 👍/👎.
    expect(await page.getByTestId('message').filter({ hasText: 'Hi there' }).getByTestId('answer-feedback').count()).toBe(0)

    const box = (await greeting.locator('.bubble').boundingBox())!
    const cdp = await page.context().newCDPSession(page)
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] })
    await page.waitForTimeout(700)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await cdp.detach()
    const menu = page.getByRole('menu')
    await menu.waitFor()
    await menu.getByRole('menuitem', { name: '复制' }).click()
    const status = page.getByTestId('copy-status')
    await expect.poll(() => status.textContent()).toBe('已复制')
    expect(await status.getAttribute('role')).toBe('status')
    expect((await status.boundingBox())!.width).toBeGreaterThan(30)
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Hello! I can answer questions about your orders.')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chat-copied-phone-zh')
    // The status goes after a while (and is still in the page for the next time).
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('')
    expect((await status.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1)
  })
})
