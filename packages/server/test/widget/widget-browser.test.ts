import { createHmac } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from '../../../../e2e/helpers/browser.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

/** Computed styles that would show any host CSS leaking into the widget. */
async function widgetLook(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const root = document.querySelector('warbler-widget')!.shadowRoot!
    const pick = (selector: string, props: string[]) => {
      const element = root.querySelector(selector)
      if (!element) return {}
      const style = getComputedStyle(element)
      return Object.fromEntries(props.map((prop) => [`${selector} ${prop}`, style.getPropertyValue(prop)]))
    }
    return {
      ...pick('.launcher', ['font-family', 'background-color', 'width', 'height', 'border-radius', 'padding-top', 'letter-spacing', 'display']),
      ...pick('.panel', ['font-family', 'font-size', 'color', 'width', 'display', 'line-height']),
      ...pick('textarea', ['font-family', 'font-size', 'border-top-width', 'letter-spacing']),
      ...pick('.msg.me .bubble', ['font-family', 'font-size', 'color', 'text-transform', 'padding-top']),
    }
  })
}

describe.runIf(availability.run)('the website widget in Chromium, embedded on another origin', () => {
  let widgetDir: string
  let fixture: WidgetFixture
  let site: HostSite
  let otherSite: HostSite
  let browser: Browser
  let identitySecret: string

  beforeAll(async () => {
    widgetDir = await buildWidget()
    // The allowed origin must be known before the app's settings: take the host site's port first.
    fixture = await startWidgetFixture([], { env: { WARBLER_WIDGET_DIR: widgetDir } })
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    otherSite = await startHostSite(fixture.server.url, fixture.app.id, '127.0.0.1')
    await fixture.configure({ allowedOrigins: [site.origin], botId: fixture.botId, theme: { color: '#0f766e', greeting: { en: 'Hi! Ask us about orders.', 'zh-CN': '你好！欢迎咨询订单问题。' } } })
    identitySecret = (await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/identity-secret`, { secret: fixture.app.secret })).body.secret
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await otherSite?.close()
    await fixture?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  it('the launcher opens, a question gets the bot’s answer with its source, and the conversation survives a reload', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.origin}/shop`)
    const launcher = page.getByRole('button', { name: 'Open chat' })
    await launcher.waitFor({ state: 'visible', timeout: 10_000 })
    const timing = await page.evaluate(() => {
      const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/widget.js'))!
      const visible = performance.getEntriesByName('warbler-launcher-visible')[0]!
      return { scriptRequested: script.startTime, launcherVisible: visible.startTime, sinceScriptLoad: visible.startTime - script.startTime }
    })
    console.log(`widget: launcher visible ${timing.sinceScriptLoad.toFixed(0)} ms after the script was requested`)
    expect(timing.sinceScriptLoad).toBeLessThan(3_000)
    // The panel chunk is not loaded until the visitor opens the chat.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/widget\/panel-/.test(entry.name)))).toBe(false)
    await launcher.click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.waitFor({ state: 'visible' })
    await page.getByText('Hi! Ask us about orders.').waitFor()
    await composer.fill('How long does shipping take?')
    await composer.press('Enter')
    await page.getByText(/two business days/).waitFor({ timeout: 15_000 })
    await page.getByRole('list', { name: 'Sources' }).getByText('Shop FAQ').waitFor()
    expect(await composer.inputValue()).toBe('')
    await screenshot(page, 'widget-answer')
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByText('How long does shipping take?').waitFor({ timeout: 10_000 })
    await page.getByText(/two business days/).waitFor()
    // The close button and Escape give focus back to the page.
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Open chat' }).waitFor()
    await context.close()
  })

  it('a forged userHash is refused; the right one opens the signed-in user’s conversation', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.origin}/identified?userId=user-7&userHash=${'0'.repeat(64)}`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByText('We could not confirm who you are').waitFor({ timeout: 10_000 })
    const userHash = createHmac('sha256', identitySecret).update('user-7').digest('hex')
    await page.goto(`${site.origin}/identified?userId=user-7&userHash=${userHash}`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('Can I return beans?')
    await composer.press('Enter')
    await page.getByText(/within 30 days/).waitFor({ timeout: 15_000 })
    const visitor = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent('visitor:u:user-7')}`, { secret: fixture.app.secret })
    expect(visitor.body).toMatchObject({ name: 'Ada', ext: { visitor: { identified: true, siteUserId: 'user-7' } } })
    await context.close()
  })

  it('a page on an origin that is not allowed gets no launcher', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const warnings: string[] = []
    page.on('console', (message) => warnings.push(message.text()))
    await page.goto(`${otherSite.origin}/shop`)
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(500)
    expect(await page.locator('warbler-widget').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0)
    expect(warnings.join('\n')).toMatch(/Warbler widget/)
    // Even a forged Origin header only gets a visitor for an allowed origin; the browser sends the real one.
    const attempt = await page.evaluate(async ({ url, appId }) => (await fetch(`${url}/api/v1/apps/${appId}/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch((error: Error) => error.message)).toString(), { url: fixture.server.url, appId: fixture.app.id })
    expect(attempt).toMatch(/Failed to fetch/)
    await context.close()
  })

  it('the host page’s CSS does not change the widget, and the widget’s CSS does not change the page', async () => {
    const looks: Record<string, string>[] = []
    for (const path of ['/plain', '/shop']) {
      const context = await newContext(browser)
      const page = await context.newPage()
      await page.goto(`${site.origin}${path}`)
      await page.getByRole('button', { name: 'Open chat' }).click()
      const composer = page.getByRole('textbox', { name: 'Message' })
      await composer.fill(`Style check ${path}`)
      await composer.press('Enter')
      await page.getByText(`Style check ${path}`).waitFor()
      await page.waitForTimeout(300)
      looks.push(await widgetLook(page))
      if (path === '/shop') {
        const hostButton = await page.evaluate(() => {
          const style = getComputedStyle(document.getElementById('host-button')!)
          return { background: style.backgroundColor, transform: style.textTransform, font: getComputedStyle(document.body).fontFamily }
        })
        expect(hostButton).toEqual({ background: 'rgb(180, 83, 9)', transform: 'uppercase', font: 'Georgia, serif' })
        await screenshot(page, 'widget-loud-host-css')
      }
      await context.close()
    }
    expect(Object.keys(looks[0]!).length).toBeGreaterThan(15)
    expect(looks[1]).toEqual(looks[0])
    expect(looks[0]!['.launcher background-color']).toBe('rgb(15, 118, 110)') // the theme colour
    expect(looks[0]!['.panel display']).toBe('flex')
  })

  it('follows the page language (中文) and fits a 360 px wide phone', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(`${site.origin}/zh`)
    await page.getByRole('button', { name: '打开聊天' }).click()
    const composer = page.getByRole('textbox', { name: '消息' })
    await composer.waitFor()
    await page.getByText('你好！欢迎咨询订单问题。').waitFor()
    const box = await page.locator('warbler-widget .panel').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.width).toBeLessThanOrEqual(360)
    await screenshot(page, 'widget-phone-zh')
    await page.locator('warbler-widget .panel').getByRole('button', { name: '关闭聊天' }).click()
    await page.getByRole('button', { name: '打开聊天' }).waitFor()
    await context.close()
  })

  it('window.Warbler is the only global; open(), close() and on("unread") work, with the unread badge', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.addInitScript(() => {
      ;(window as unknown as { __baseline: string[] }).__baseline = Object.getOwnPropertyNames(window)
    })
    await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).waitFor()
    const added = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((name) => !(window as unknown as { __baseline: string[] }).__baseline.includes(name) && name !== '__baseline'))
    expect(added).toEqual(['Warbler'])
    await page.evaluate(() => (window as unknown as { Warbler: { open(): void } }).Warbler.open())
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('Hello there')
    await composer.press('Enter')
    await page.getByText('Hello there').waitFor()
    await page.evaluate(() => {
      const api = (window as unknown as { Warbler: { close(): void; on(event: 'unread', listener: (count: number) => void): void } }).Warbler
      api.close()
      ;(window as unknown as { __unread: number[] }).__unread = []
      api.on('unread', (count) => (window as unknown as { __unread: number[] }).__unread.push(count))
    })
    await page.waitForTimeout(2_000) // the bot's answer to "Hello there", if any, counts as unread too
    const visitorId = await page.evaluate((appId) => JSON.parse(localStorage.getItem(`warbler.widget.${appId}`)!).visitorId as string, fixture.app.id)
    const conversation = await fixture.server.server.context.storage.conversations.findDirect(fixture.app.id, visitorId, fixture.botId)
    const before = await page.evaluate(() => (window as unknown as { __unread: number[] }).__unread.at(-1) ?? 0)
    const sent = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/messages`, { secret: fixture.app.secret, body: { from: fixture.botId, conversationId: conversation!.id, body: { type: 'text', text: 'Your order has shipped.' } } })
    expect(sent.status).toBe(200)
    const badge = page.locator('warbler-widget .badge')
    await badge.getByText(String(before + 1)).waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { __unread: number[] }).__unread.at(-1))).toBe(before + 1)
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByText('Your order has shipped.').waitFor()
    await badge.waitFor({ state: 'hidden' })
    await context.close()
  })
})
