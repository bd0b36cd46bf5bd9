import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../packages/ai/src/testing/fake-openai-server.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'kim@example.com', password: 'owner password 2' }
const HANDBOOK = `# Refunds

Refunds are paid back to the original card within 5 working days after we receive the parcel.

# Shipping

Orders ship from Hangzhou every weekday before 16:00.
`

/** True when the server answers the route (anything but "No route …"). */
async function offers(server: E2eServer, method: string, path: string, body?: unknown): Promise<boolean> {
  const answer = await server.rest(method, path, body === undefined ? {} : { body })
  return !(answer.status === 404 && /^No route/.test(answer.body?.error?.message ?? ''))
}

describe.skipIf(!availability.run)('knowledge bases and bots in Chromium', { timeout: 90_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let owner: Page
  let knowledgeBaseId: string | undefined
  let hasKnowledge = false
  let hasBots = false
  let provider: FakeOpenAIServer

  beforeAll(async () => {
    server = await startE2eServer()
    provider = await startFakeOpenAIServer({ models: ['fake-primary'], apiKey: 'sk-e2e' })
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    owner = await (await newContext(browser)).newPage()
    hasKnowledge = await offers(server, 'GET', `/api/v1/apps/${server.demo.appId}/knowledge-bases`)
    hasBots = await offers(server, 'GET', `/api/v1/apps/${server.demo.appId}/bots`)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await provider?.close()
  })

  it('a document upload shows its progress and becomes searchable', async (context) => {
    if (!hasKnowledge) context.skip('pending: the server has no knowledge-base REST API yet')
    await consoleSignIn(owner, server.url, OWNER.email, OWNER.password)
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await owner.getByRole('link', { name: 'Knowledge bases' }).click()
    await owner.getByLabel('Name').fill('Handbook')
    await owner.getByRole('button', { name: 'Create knowledge base' }).click()
    await owner.getByRole('tab', { name: 'Handbook' }).waitFor()
    await owner.getByTestId('document-input').setInputFiles({ name: 'handbook.md', mimeType: 'text/markdown', buffer: Buffer.from(HANDBOOK) })
    const document = owner.getByTestId('document')
    await document.waitFor()
    expect(await document.locator('progress').count()).toBe(1)
    await owner.locator('[data-testid="document"][data-status="ready"]').waitFor()
    expect(await document.locator('progress').getAttribute('value')).toBe('100')
    await owner.getByTestId('knowledge-query').fill('refunds card')
    await owner.getByRole('button', { name: 'Search' }).click()
    await owner.getByTestId('search-result').first().waitFor()
    expect(await owner.getByTestId('search-result').first().textContent()).toContain('5 working days')
    await screenshot(owner, 'console-knowledge')
    const bases = await server.rest('GET', `/api/v1/apps/${server.demo.appId}/knowledge-bases`)
    knowledgeBaseId = bases.body.knowledgeBases.find((base: { name: string }) => base.name === 'Handbook')?.id
    expect(knowledgeBaseId).toBeTruthy()
  })

  it("a bot made in the console streams its reply with a citation in the chat app", async (context) => {
    if (!hasKnowledge || !hasBots || !knowledgeBaseId) context.skip('pending: the server has no bots or knowledge-base REST API yet')
    // A model that streams its answer token by token (the fake speaks the OpenAI wire format).
    provider.script([{ reply: 'Refunds reach **the original card** within 5 working days [1].', tokenIntervalMs: 20 }])
    await owner.getByRole('link', { name: 'Bots' }).click()
    await owner.getByLabel('Name', { exact: true }).fill('Helper')
    await owner.getByLabel('Id (optional)').fill('helper')
    await owner.getByLabel('Handbook').check()
    await owner.getByLabel('Use a language model (OpenAI-compatible)').check()
    await owner.getByLabel('Base URL').fill(provider.baseURL)
    await owner.getByLabel('Model', { exact: true }).fill('fake-primary')
    await owner.getByLabel('API key').fill('sk-e2e')
    await owner.getByRole('button', { name: 'Create bot' }).click()
    await owner.getByTestId('bot-helper').waitFor()
    expect(await owner.getByTestId('bot-helper').textContent()).toContain('Model: fake-primary')
    expect(await owner.getByTestId('bot-helper').textContent()).toContain('Handbook')
    await screenshot(owner, 'console-bots')
    const page = await (await newContext(browser)).newPage()
    const deltas: string[] = []
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"message.delta"')) deltas.push(frame.payload)
    }))
    await page.goto(server.url)
    await page.getByTestId('demo-user-alice').click()
    await page.getByPlaceholder('Chat with… (name or user id)').fill('helper')
    await page.getByRole('button', { name: 'Open' }).click()
    await page.getByTestId('composer').fill('How long do refunds take?')
    await page.keyboard.press('Enter')
    const reply = page.getByTestId('message').filter({ has: page.getByTestId('citation') })
    await reply.first().waitFor({ timeout: 30_000 })
    expect(await reply.first().textContent()).toContain('5 working days')
    expect(await reply.first().locator('strong').textContent()).toBe('the original card')
    expect(await reply.first().getByTestId('citation').first().textContent()).toContain('handbook')
    expect(deltas.length).toBeGreaterThan(0)
    await screenshot(page, 'chat-bot-citation')
  })
})
