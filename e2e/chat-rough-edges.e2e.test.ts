import type { Page } from 'playwright-core'
import sharp from 'sharp'
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
    await chinese.getByPlaceholder('与…聊天（名字或用户 ID）').fill('nobody-here')
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

  it('a notification link (/?conversation=…) opens that conversation once the connection is up', async () => {
    const { groupId } = env.server.demo
    const page = await (await newContext(env.browser)).newPage()
    await env.signInAs(page, 'alice')
    // A fresh load: the conversation is asked for before the connection is up.
    await page.goto(`${env.server.url}/?conversation=${groupId}`)
    await page.getByTestId('message').first().waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('message').count()).toBeGreaterThan(0)
  })

  it('a search result opens its conversation at the message, marked, and closes the results', async () => {
    const { appId, appSecret, groupId } = env.server.demo
    const send = (from: string, text: string) => env.server.rest('POST', `/api/v1/apps/${appId}/messages`, { key: appSecret, body: { from, conversationId: groupId, body: { type: 'text', text } } })
    expect((await send('bob', 'The llama invoice number is 4711')).status).toBe(200)
    // Enough after it that it is neither on the first page nor on screen.
    for (let index = 0; index < 45; index++) await send(index % 2 ? 'carol' : 'bob', `Later chatter ${index}`)
    const page = await (await newContext(env.browser)).newPage()
    await env.signInAs(page, 'alice')
    await page.getByTestId('message-search').fill('llama')
    await page.keyboard.press('Enter')
    await page.getByTestId('search-hit').first().click()
    const found = page.locator('li.message.highlighted').filter({ hasText: 'The llama invoice number is 4711' })
    await found.waitFor({ timeout: 10_000 })
    expect(await found.isVisible()).toBe(true)
    await expect.poll(() => found.evaluate((element) => {
      const box = element.getBoundingClientRect()
      const scroller = element.closest('.message-scroller')!.getBoundingClientRect()
      return box.top >= scroller.top && box.bottom <= scroller.bottom
    })).toBe(true)
    expect(await page.getByTestId('search-hit').count()).toBe(0)
    await screenshot(page, 'chat-search-opened')
  })

  it('a new image keeps its box (nothing cut off at the bottom), and an image and a file picked together keep their order', async () => {
    const page = await openDemoGroupAs('carol')
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3d6fb6' } }).png().toBuffer()
    await page.getByTestId('attach').setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.from('1. contrast 2. offline') },
    ])
    const image = page.getByTestId('message-image')
    await image.waitFor()
    await page.getByTestId('message').filter({ hasText: 'agenda.txt' }).waitFor()
    await image.evaluate((element: HTMLImageElement) => (element.complete ? undefined : new Promise((resolve) => element.addEventListener('load', resolve, { once: true }))))
    const texts = await page.getByTestId('message').allTextContents()
    const imageAt = (await page.getByTestId('message').evaluateAll((items) => items.findIndex((item) => item.querySelector('[data-testid="message-image"]'))))
    expect(imageAt).toBeGreaterThanOrEqual(0)
    expect(texts.findIndex((text) => text.includes('agenda.txt'))).toBeGreaterThan(imageAt)
    const box = await image.boundingBox()
    expect(Math.round(box!.width / box!.height * 10) / 10).toBe(1.5)
    await expect.poll(() => page.getByTestId('message-list').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThan(4)
  })

  it('avatars differ for Alice and Assistant; a skip link reaches the composer; the message list is one tab stop with arrow keys inside', async () => {
    const page = await openDemoGroupAs('alice')
    const colourOf = (locator: ReturnType<Page['locator']>) => locator.evaluate((element) => getComputedStyle(element).backgroundColor)
    const assistantRow = page.getByRole('button', { name: /^Assistant/ })
    expect(await colourOf(assistantRow.locator('.avatar'))).not.toBe(await colourOf(page.locator('.sidebar-header .avatar')))

    // Keyboard focus back at the start of the page: the first Tab is the skip link.
    await page.evaluate(() => {
      document.body.tabIndex = -1
      document.body.focus()
      document.body.removeAttribute('tabindex')
    })
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to the message box' })
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.getByTestId('composer').evaluate((element) => element === document.activeElement)).toBe(true)

    for (const line of ['Keyboard one', 'Keyboard two']) {
      await page.getByTestId('composer').fill(line)
      await page.keyboard.press('Enter')
      await page.getByTestId('message').filter({ hasText: line }).waitFor()
    }
    const list = page.getByTestId('message-list')
    await list.focus()
    await page.keyboard.press('ArrowUp')
    const current = await page.evaluate(() => document.activeElement?.getAttribute('data-seq'))
    expect(current).toBeTruthy()
    await page.keyboard.press('ArrowUp')
    expect(Number(await page.evaluate(() => document.activeElement?.getAttribute('data-seq')))).toBeLessThan(Number(current))
    // Only the current message's own controls are in the tab order, not one "⋯" per message.
    const tabbable = await list.evaluate((element) => {
      const controls = [...element.querySelectorAll<HTMLElement>('button, a[href], [tabindex]')].filter((control) => control.tabIndex >= 0 && control !== element)
      return { count: controls.length, messages: new Set(controls.map((control) => control.closest('li')?.getAttribute('data-seq'))).size }
    })
    expect(tabbable.messages).toBeLessThanOrEqual(1)
    expect(await page.getByTestId('message-actions').count()).toBeGreaterThan(1)
    await list.focus()
    let stops = 0
    while (stops < 20) {
      await page.keyboard.press('Tab')
      stops += 1
      if (await list.evaluate((element) => !element.contains(document.activeElement))) break
    }
    expect(stops).toBeLessThanOrEqual(tabbable.count + 1)
  })

  it('an image pasted into the composer and a file dropped on the conversation are sent', async () => {
    const page = await openDemoGroupAs('bob')
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#8a5cc2' } }).png().toBuffer().then((buffer) => buffer.toString('base64'))
    await page.getByTestId('composer').evaluate((composer, base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }))
      composer.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, photo)
    await page.locator('[data-testid="message-image"][alt="pasted.png"]').waitFor()
    expect(await page.getByTestId('composer').inputValue()).toBe('')
    await page.getByTestId('conversation').evaluate((pane) => {
      const data = new DataTransfer()
      data.items.add(new File(['minutes of the call'], 'dropped.txt', { type: 'text/plain' }))
      pane.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      pane.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await page.getByTestId('message').filter({ hasText: 'dropped.txt' }).waitFor()
  })
})
