import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { browserAvailability, launchBrowser, newContext } from '../../../../e2e/helpers/browser.js'
import { startHostSite, type HostSite } from './host-pages.js'
import { buildWidget } from './widget-build.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const availability = browserAvailability()

describe.runIf(availability.run)('a bot with a model streams its answer into the widget', () => {
  let widgetDir: string
  let provider: FakeOpenAIServer
  let fixture: WidgetFixture
  let site: HostSite
  let browser: Browser

  beforeAll(async () => {
    widgetDir = await buildWidget()
    provider = await startFakeOpenAIServer({ models: ['fake-model'], apiKey: 'sk-test' })
    fixture = await startWidgetFixture([], { env: { WARBLER_WIDGET_DIR: widgetDir }, server: { server: { bots: { outboundAllowlist: ['127.0.0.0/8'] } } } })
    const bot = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/bots`, {
      secret: fixture.app.secret,
      body: { id: 'streamer', name: 'Streamer', provider: { baseUrl: provider.baseURL, apiKey: 'sk-test', model: 'fake-model' } },
    })
    if (bot.status !== 201) throw new Error(`bot: ${bot.status} ${JSON.stringify(bot.body)}`)
    site = await startHostSite(fixture.server.url, fixture.app.id, 'localhost')
    await fixture.configure({ allowedOrigins: [site.origin], botId: 'streamer' })
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
    await provider?.close()
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true })
  })

  it('the answer grows in place as the deltas arrive and ends as the full text', async () => {
    const chunks = ['Beans ', 'are ', 'roasted ', 'every ', 'Monday ', 'morning.']
    provider.script([{ chunks, tokenIntervalMs: 200 }])
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.origin}/plain`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('When do you roast?')
    await composer.press('Enter')
    const answer = page.locator('warbler-widget .msg:not(.me) .bubble').last()
    const seen = new Set<string>()
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const text = (await answer.textContent().catch(() => null)) ?? ''
      if (text) seen.add(text)
      if (text === chunks.join('')) break
      await page.waitForTimeout(50)
    }
    expect([...seen].at(-1)).toBe(chunks.join(''))
    const partial = [...seen].filter((text) => text.startsWith('Beans') && text !== chunks.join(''))
    expect(partial.length).toBeGreaterThanOrEqual(2)
    await context.close()
  })
})
