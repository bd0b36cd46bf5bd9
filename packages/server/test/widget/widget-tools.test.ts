import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { browserAvailability, launchBrowser, screenshot } from '../../../../e2e/helpers/browser.js'
import { orderSpec, startOrderService, type OrderService } from '../tools/tool-fixture.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

describe.runIf(availability.run)('the widget asks the visitor before a bot’s write tool runs (Chromium, host page on another origin)', () => {
  let widgetDir: string
  let fixture: WidgetFixture
  let provider: FakeOpenAIServer
  let service: OrderService
  let site: HostSite
  let browser: Browser
  let toolIds: string[] = []

  beforeAll(async () => {
    widgetDir = await buildWidget()
    provider = await startFakeOpenAIServer({ models: ['fake-primary'], apiKey: 'sk-provider' })
    fixture = await startWidgetFixture([], {
      env: { WARBLER_WIDGET_DIR: widgetDir },
      server: { server: { bots: { outboundAllowlist: ['127.0.0.0/8'], resilience: { maxAttemptsPerModel: 1, firstTokenTimeoutMs: 5_000, idleTimeoutMs: 5_000 } } } },
    })
    service = await startOrderService(
      () => `${fixture.server.url}/api/v1/apps/${fixture.app.id}/jwks.json`,
      () => toolIds,
      () => fixture.app.id,
    )
    const rest = (method: string, path: string, body?: unknown) => fixture.server.rest(method, `/api/v1/apps/${fixture.app.id}${path}`, { secret: fixture.app.secret, ...(body === undefined ? {} : { body }) })
    toolIds = (await rest('POST', '/tools/import-openapi', { spec: orderSpec(service.url) })).body.tools.map((tool: { id: string }) => tool.id)
    const bot = await rest('POST', '/bots', { id: 'shopbot', name: 'Shop bot', provider: { baseUrl: provider.baseURL, apiKey: 'sk-provider', model: 'fake-primary' }, toolIds })
    expect(bot.status).toBe(201)
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    await fixture.configure({ allowedOrigins: [site.origin], botId: 'shopbot' })
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
    await service?.close()
    await provider?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  it('shows the card on a 360 px phone, Approve (by keyboard) runs the call, the bot reports the outcome, the buttons go', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.waitFor({ state: 'visible' })
    const args = { orderId: 'A-1001', body: { reason: 'changed my mind', refund: { method: 'card' } } }
    provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: args }] }, { reply: 'Please approve the cancellation.' }, { reply: 'Order A-1001 is cancelled; the refund goes to your card.' }])
    const before = service.hits.length
    await composer.fill('Cancel my order A-1001')
    await composer.press('Enter')

    const card = page.getByRole('group', { name: 'Confirm this action' })
    await card.waitFor({ timeout: 15_000 })
    await card.getByText('Shop bot wants to: cancel order').waitFor()
    // The arguments in plain words, not JSON.
    expect(await card.locator('dt').allTextContents()).toEqual(['Order id', 'Reason', 'Refund › method'])
    expect(await card.locator('dd').allTextContents()).toEqual(['A-1001', 'changed my mind', 'card'])
    await page.getByText('Please approve the cancellation.').waitFor({ timeout: 10_000 })
    expect(service.hits.length).toBe(before) // nothing ran yet

    // Fits the phone: the card and its buttons stay inside the 360 px viewport.
    const box = await card.boundingBox()
    const approveBox = await card.getByRole('button', { name: 'Approve' }).boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(360)
    expect(approveBox!.x + approveBox!.width).toBeLessThanOrEqual(360)
    await screenshot(page, 'widget-tool-confirm-360')

    await card.getByRole('button', { name: 'Approve' }).focus()
    await page.keyboard.press('Enter')
    await card.getByText('Approved. The bot will tell you how it went.').waitFor({ timeout: 10_000 })
    expect(await card.getByRole('button').count()).toBe(0)
    await page.getByText('Order A-1001 is cancelled; the refund goes to your card.').waitFor({ timeout: 10_000 })
    expect(service.hits.length).toBe(before + 1)
    const hit = service.hits.at(-1)!
    expect(hit).toMatchObject({ method: 'POST', path: '/orders/A-1001' })
    expect(JSON.parse(hit.body)).toEqual(args.body)
    const visitorId = hit.identity?.sub
    expect(visitorId).toMatch(/^visitor:/)
    const calls = (await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/tool-calls`, { secret: fixture.app.secret })).body.toolCalls
    expect(calls[0]).toMatchObject({ tool: 'cancelOrder', userId: visitorId, status: 'succeeded', approval: 'approved' })

    // After a reload the card knows the bot already answered it: no buttons come back.
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    const again = page.getByRole('group', { name: 'Confirm this action' })
    await again.getByText('This request was answered already.').waitFor({ timeout: 10_000 })
    expect(await again.getByRole('button').count()).toBe(0)
    await context.close()
  })

  it('in 中文, Decline runs nothing and says so', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto(`${site.origin}/zh`)
    await page.getByRole('button', { name: '打开聊天' }).click()
    const composer = page.getByRole('textbox', { name: '消息' })
    await composer.waitFor({ state: 'visible' })
    provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: { orderId: 'B-2002', body: { reason: '买错了' } } }] }, { reply: '请确认是否取消。' }])
    const before = service.hits.length
    await composer.fill('取消订单 B-2002')
    await composer.press('Enter')
    const card = page.getByRole('group', { name: '请确认此操作' })
    await card.waitFor({ timeout: 15_000 })
    await card.getByText('Shop bot 想要：cancel order').waitFor()
    await card.getByRole('button', { name: '拒绝' }).click()
    await card.getByText('已拒绝，没有执行任何操作。').waitFor({ timeout: 10_000 })
    expect(await card.getByRole('button').count()).toBe(0)
    expect(service.hits.length).toBe(before)
    await context.close()
  })
})
