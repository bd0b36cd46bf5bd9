import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'rae@example.com', password: 'owner password 5' }

describe.skipIf(!availability.run)('answer feedback beside the transcript in the inbox (issue 21) in Chromium', { timeout: 120_000 }, () => {
  let server: E2eServer
  let browser: Browser

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it("shows each rater's 👍/👎 with reason and comment under the bot's answer, and the earlier ratings as history", async () => {
    const { appId, appSecret: key } = server.demo
    const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key, body: { from: 'alice', to: 'assistant', body: { type: 'text', text: 'How do I deploy a cluster?' } } })
    expect(sent.status).toBe(200)
    const { conversationId } = sent.body
    let answerSeq: number | undefined
    await expect
      .poll(async () => {
        const page = await server.rest('GET', `/api/v1/apps/${appId}/conversations/${conversationId}/messages?limit=20`, { key })
        answerSeq = (page.body.events ?? page.body.items ?? []).find((event: { senderId: string; seq: number; kind: string; status?: string }) => event.senderId === 'assistant' && event.kind === 'message' && event.seq > sent.body.seq && event.status !== 'streaming')?.seq
        return answerSeq
      }, { timeout: 20_000 })
      .toBeDefined()
    const rate = (body: unknown) => server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/messages/${answerSeq}/feedback`, { key, body })
    expect((await rate({ userId: 'alice', rating: 'up' })).status).toBe(201)
    expect((await rate({ userId: 'alice', rating: 'down', reason: 'outdated', comment: 'The port changed in 0.3.' })).status).toBe(201)
    await server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/handoff`, { key, body: { reason: 'customer_request' } })

    const page = await (await newContext(browser)).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Inbox' }).click()
    await page.getByTestId(`inbox-row-${conversationId}`).click()
    const feedback = page.getByTestId('support-timeline').getByTestId('answer-feedback')
    await feedback.waitFor()
    const current = feedback.locator('> ul').getByTestId('answer-rating')
    expect(await current.count()).toBe(1)
    expect(await current.first().getAttribute('data-rating')).toBe('down')
    const text = await current.first().textContent()
    expect(text).toContain('Not helpful')
    expect(text).toContain('Outdated')
    expect(text).toContain('The port changed in 0.3.')
    await feedback.getByText('Earlier ratings (1)').click()
    expect(await feedback.locator('details').getByTestId('answer-rating').first().getAttribute('data-rating')).toBe('up')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-inbox-feedback')
  })
})
