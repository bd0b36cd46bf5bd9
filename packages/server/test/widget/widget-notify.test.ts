import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext } from '../../../../e2e/helpers/browser.js'
import { BrowserSubscription, FakePushService } from '../push/push-endpoint.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

async function openChat(page: Page, url: string, launcher = 'Open chat', composer = 'Message'): Promise<void> {
  await page.goto(url)
  await page.getByRole('button', { name: launcher }).click()
  await page.getByRole('textbox', { name: composer }).waitFor({ state: 'visible' })
  // The panel is connected (its history came): anything it offers is in place.
  await page.waitForFunction(() => document.querySelector('warbler-widget')?.shadowRoot?.querySelector('.status')?.textContent === '')
}

describe.runIf(availability.run)('the widget’s browser notifications are an explicit opt-in of the site and of the visitor (Chromium)', () => {
  let widgetDir: string
  let fixture: WidgetFixture
  let site: HostSite
  let browser: Browser
  let endpoint: FakePushService

  beforeAll(async () => {
    widgetDir = await buildWidget()
    endpoint = await FakePushService.start()
    fixture = await startWidgetFixture([], { env: { WARBLER_WIDGET_DIR: widgetDir }, server: { server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: { pollIntervalMs: 50 } } } })
    await fixture.server.rest('PATCH', `/api/v1/apps/${fixture.app.id}/settings`, { secret: fixture.app.secret, body: { push: { collapseWindowMs: 0 } } })
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    await fixture.configure({ allowedOrigins: [site.origin], botId: fixture.botId })
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
    await endpoint?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  it('a page without data-push-worker offers nothing, and asks nothing', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await openChat(page, `${site.origin}/plain`)
    expect(await page.getByRole('button', { name: 'Notify me of replies' }).count()).toBe(0)
    expect(await page.evaluate(() => Notification.permission)).toBe('default')
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0)
    await context.close()
  })

  it('with data-push-worker the panel offers it; pressing it asks, registers the site’s worker in a scope of its own, subscribes with the app’s key and registers the visitor, who is pushed once away and can stop it later', async () => {
    const context = await newContext(browser)
    await context.grantPermissions(['notifications'], { origin: site.origin })
    // Headless Chromium has no push service to subscribe with: stand in for it at the browser API,
    // with a subscription whose endpoint is the local fake push service and whose keys the test holds.
    const subscription = new BrowserSubscription(`${endpoint.url}/push/widget-visitor`)
    await context.addInitScript((json) => {
      // The subscription outlives the page, as a browser's does: kept in the page's storage.
      const state = window as unknown as { __pushKey?: string }
      const fake = { endpoint: json.endpoint, toJSON: () => json, unsubscribe: async () => (localStorage.removeItem('fake-subscribed'), true) }
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        state.__pushKey = btoa(String.fromCharCode(...new Uint8Array(options!.applicationServerKey as ArrayBuffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
        localStorage.setItem('fake-subscribed', '1')
        return fake as unknown as PushSubscription
      }
      PushManager.prototype.getSubscription = async () => (localStorage.getItem('fake-subscribed') ? (fake as unknown as PushSubscription) : null)
    }, subscription.toJSON())
    const page = await context.newPage()
    await openChat(page, `${site.origin}/push`)
    const button = page.getByRole('button', { name: 'Notify me of replies' })
    await button.waitFor()
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0) // nothing before the press
    await button.click()
    await page.getByText('We will notify you of replies.').waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: 'Stop notifications' }).waitFor()
    const registrations = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((one) => ({ scope: one.scope, script: one.active?.scriptURL })))
    expect(registrations).toEqual([{ scope: `${site.origin}/warbler-push/`, script: `${site.origin}/warbler-push-worker.js?widget=1` }])
    const { publicKey } = (await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/push/vapid-public-key`)).body
    expect(await page.evaluate(() => (window as unknown as { __pushKey?: string }).__pushKey)).toBe(publicKey)

    // The browser is registered for the visitor (over the visitor's own connection: push.register).
    const visitorId = await page.evaluate((appId) => (JSON.parse(localStorage.getItem(`warbler.widget.${appId}`) ?? '{}') as { visitorId?: string }).visitorId, fixture.app.id)
    expect(visitorId).toMatch(/^visitor:/)
    const targets = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent(visitorId!)}/push-targets`, { secret: fixture.app.secret })
    expect(targets.body.items).toMatchObject([{ provider: 'webpush', deviceId: expect.stringMatching(/^widget-/) }])

    // The visitor leaves; the bot's next message in their conversation is pushed to this browser.
    await page.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const sent = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/messages`, { secret: fixture.app.secret, body: { from: fixture.botId, to: visitorId, body: { type: 'text', text: 'Your beans ship today.' } } })
    expect(sent.status).toBeLessThan(300)
    const [request] = await endpoint.waitFor('/push/widget-visitor')
    expect(JSON.parse(subscription.decrypt(request!.body))).toMatchObject({ title: 'Shop helper', body: expect.stringContaining('Your beans ship today.') })

    // Back on the site: the panel knows notifications are on, and the visitor can stop them.
    const again = await context.newPage()
    await openChat(again, `${site.origin}/push`)
    await again.getByText('We will notify you of replies.').waitFor({ timeout: 10_000 })
    await again.getByRole('button', { name: 'Stop notifications' }).click()
    await again.getByRole('button', { name: 'Notify me of replies' }).waitFor({ timeout: 10_000 })
    const after = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent(visitorId!)}/push-targets`, { secret: fixture.app.secret })
    expect(after.body.items).toEqual([])
    await context.close()
  })

  it('in 中文 the button says 有回复时通知我, and blocked notifications are explained in words', async () => {
    const context = await newContext(browser, { locale: 'zh-CN' })
    const page = await context.newPage()
    await openChat(page, `${site.origin}/push?lang=zh-CN`, '打开聊天', '消息')
    const button = page.getByRole('button', { name: '有回复时通知我' })
    await button.waitFor()
    // Headless Chromium answers a permission request it was not granted with "denied".
    await button.click()
    await page.getByText('此网站的通知已被浏览器阻止。请在浏览器的网站设置中允许通知，然后重试。').waitFor({ timeout: 10_000 })
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0)
    await context.close()
  })
})
