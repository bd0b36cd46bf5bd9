import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from '../../../../e2e/helpers/browser.js'
import { RawClient } from '../helpers/raw-client.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

describe.runIf(availability.run)('hand-off in the widget: the agent answers in the same conversation', () => {
  let widgetDir: string
  let fixture: WidgetFixture
  let site: HostSite
  let browser: Browser
  let agent: RawClient

  beforeAll(async () => {
    widgetDir = await buildWidget()
    fixture = await startWidgetFixture([], { env: { WARBLER_WIDGET_DIR: widgetDir } })
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    await fixture.configure({ allowedOrigins: [site.origin], botId: fixture.botId })
    const { server, app } = fixture
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'lin', name: 'Lin' } })
    const made = await server.rest('PUT', `/api/v1/apps/${app.id}/agents/lin`, { secret: app.secret, body: { availability: 'online' } })
    if (made.status !== 200) throw new Error(`agent: ${made.status} ${JSON.stringify(made.body)}`)
    const token = await server.rest('POST', `/api/v1/apps/${app.id}/users/lin/tokens`, { secret: app.secret, body: {} })
    agent = await fixture.connect(token.body.token)
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  it('asking for a person hands off; the agent’s reply, under the agent’s name, shows in the widget; CSAT after resolution', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('I want to talk to a human please')
    await composer.press('Enter')
    await page.getByText('Connecting you to a person…').waitFor({ timeout: 10_000 })
    await page.getByText('Lin (agent) joined').waitFor({ timeout: 10_000 })

    const visitorId = await page.evaluate((appId) => JSON.parse(localStorage.getItem(`warbler.widget.${appId}`)!).visitorId as string, fixture.app.id)
    const conversation = await fixture.server.server.context.storage.conversations.findDirect(fixture.app.id, visitorId, fixture.botId)
    const support = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/conversations/${conversation!.id}/support`, { secret: fixture.app.secret })
    expect(support.body).toMatchObject({ status: 'assigned', assigneeId: 'lin', reason: 'customer_request' })

    const reply = await agent.sendMessage(conversation!.id, 'Hi, this is Lin. How can I help?')
    expect(reply.type).toBe('ack')
    const message = page.locator('warbler-widget .msg', { hasText: 'Hi, this is Lin. How can I help?' })
    await message.waitFor({ timeout: 10_000 })
    expect(await message.locator('.who').textContent()).toBe('Lin')
    await screenshot(page, 'widget-handoff')

    // The agent resolves: the widget asks for a rating, which lands in customer service.
    const resolved = await fixture.server.rest('PATCH', `/api/v1/apps/${fixture.app.id}/conversations/${conversation!.id}/support`, { secret: fixture.app.secret, body: { status: 'resolved' } })
    expect(resolved.status).toBe(200)
    await page.getByRole('button', { name: '5 of 5' }).click({ timeout: 10_000 })
    await page.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind')
    await page.getByRole('button', { name: 'Send rating' }).click()
    await page.getByText('Thank you for your feedback!').waitFor()
    // Rated once per resolution: a second rating is refused, so the widget's one is stored.
    // (Called on the service: the REST route's body schema refuses user ids with ':' such as visitors'.)
    await expect(fixture.server.server.context.support.records.rate(fixture.app.id, conversation!.id, { userId: visitorId, rating: 1 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/rated already/) })
    await context.close()
  })

  it('with no agent online outside business hours the widget says when someone will answer and collects an email', async () => {
    const { server, app } = fixture
    await server.rest('PUT', `/api/v1/apps/${app.id}/agents/lin`, { secret: app.secret, body: { availability: 'offline' } })
    const today = new Date().toISOString().slice(0, 10)
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '09:00', end: '17:00' }))
    const settings = await server.rest('PUT', `/api/v1/apps/${app.id}/support/settings`, { secret: app.secret, body: { businessHours: { timeZone: 'UTC', weekly, holidays: [today] } } })
    expect(settings.status).toBe(200)
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('human')
    await composer.press('Enter')
    await page.getByText('Connecting you to a person…').waitFor({ timeout: 10_000 })
    await page.getByText(/We are away right now and back /).waitFor({ timeout: 10_000 })
    const email = page.getByRole('textbox', { name: 'Leave your email and we will answer there.' })
    await email.fill('bo@example.com')
    await email.press('Enter')
    await page.getByText('Thanks — we will write to bo@example.com.').waitFor()
    const visitorId = await page.evaluate((appId) => JSON.parse(localStorage.getItem(`warbler.widget.${appId}`)!).visitorId as string, app.id)
    const visitor = await server.rest('GET', `/api/v1/apps/${app.id}/users/${encodeURIComponent(visitorId)}`, { secret: app.secret })
    expect(visitor.body.ext.visitor.email).toBe('bo@example.com')
    await context.close()
  })
})
