import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from '../../../../e2e/helpers/browser.js'
import { consoleSignIn, createOwner } from '../../../../e2e/helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from '../../../../e2e/helpers/e2e-server.js'
import { modelReply, PRICING_DOC, waitForRun } from './evaluation-fixture.js'

const availability = browserAvailability()
const OWNER = { email: 'quality-owner@example.com', password: 'owner password 21' }

/** The console's Quality screen in real Chromium (needs the web app built: `npm run build`). */
describe.skipIf(!availability.run)('the Quality screen in Chromium: runs side by side, sets, gaps, A/B outcomes, in English and 中文', { timeout: 120_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let provider: FakeOpenAIServer
  let runId: string

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    provider = await startFakeOpenAIServer({ models: ['fake-small'], defaultReply: modelReply })
    const { appId, appSecret } = server.demo
    const rest = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${appId}${path}`, { key: appSecret, ...(body === undefined ? {} : { body }) })
    const kb = await rest('POST', '/knowledge-bases', { name: 'Pricing' })
    await rest('POST', `/knowledge-bases/${kb.body.id}/documents`, { title: 'Plans and hours', text: PRICING_DOC, format: 'markdown' })
    await server.server.context.knowledge.whenIdle()
    await rest('POST', '/bots', { id: 'offline-helper', name: 'Offline helper', knowledgeBaseIds: [kb.body.id] })
    await rest('POST', '/bots', { id: 'model-helper', name: 'Model helper', knowledgeBaseIds: [kb.body.id], provider: { baseUrl: provider.baseURL, model: 'fake-small' } })
    const set = await rest('POST', '/eval-sets', { name: 'Pricing FAQ', items: [{ question: 'How much is the Pro plan?', expected: ['¥99'] }, { question: 'What are your opening hours?', expected: ['9:00'] }] })
    const run = await rest('POST', '/eval-runs', { evalSetId: set.body.id, candidates: [{ botId: 'offline-helper' }, { botId: 'model-helper' }] })
    runId = run.body.id
    await waitForRun({ rest }, runId)
    // A question the offline bot cannot answer becomes a knowledge gap.
    await rest('POST', '/messages', { from: 'bob', to: 'offline-helper', body: { type: 'text', text: 'Can I pay with bitcoin?' } })
    for (let tries = 0; tries < 100 && (await rest('GET', '/knowledge-gaps')).body.gaps.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    // A/B: two variants of the model-backed bot; one reply each from alice and bob.
    await rest('PUT', '/bots/model-helper/variants', { variants: [{ id: 'small', weight: 1, overrides: {} }, { id: 'large', weight: 1, overrides: { model: 'fake-large' } }] })
    for (const from of ['alice', 'bob']) await rest('POST', '/messages', { from, to: 'model-helper', body: { type: 'text', text: 'How much is the Pro plan?' } })
    for (let tries = 0; tries < 100; tries++) {
      const outcomes = (await rest('GET', '/bots/model-helper/variants/outcomes')).body
      if (outcomes.variants.reduce((sum: number, variant: any) => sum + variant.replies, 0) >= 2) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await createOwner(server, OWNER.email, OWNER.password)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await provider?.close()
  })

  it('shows a run’s figures in columns and each answer side by side with the differences marked', async () => {
    const page = await (await newContext(browser)).newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Quality' }).click()
    await page.getByRole('heading', { name: 'Quality: choosing and tuning the model' }).waitFor()
    await page.getByTestId('runs-list').getByText('offline-helper · offline vs model-helper · fake-small').waitFor()
    await page.getByRole('button', { name: 'Open' }).first().click()
    const figures = page.getByTestId('run-figures')
    await figures.waitFor()
    const matchRow = figures.locator('tr').filter({ hasText: 'Answer match' })
    expect((await matchRow.locator('td').allTextContents())).toEqual(['50%', '100%'])
    expect(await figures.locator('tr').filter({ hasText: 'Tokens in / out' }).locator('td').first().textContent()).toBe('0 / 0')
    const answers = page.getByTestId('item-answer')
    expect(await answers.count()).toBe(4)
    expect(await answers.nth(1).textContent()).toContain('¥99')
    expect(await answers.nth(1).locator('mark').count()).toBeGreaterThan(0)
    await screenshot(page, 'console-quality-run')

    await page.getByRole('tab', { name: 'Knowledge gaps' }).click()
    const gap = page.getByTestId('gaps-list').locator('li').filter({ hasText: 'Can I pay with bitcoin?' })
    await gap.waitFor()
    await gap.getByRole('button', { name: 'Add an answer' }).click()
    await gap.getByLabel('Answer').fill('We accept bank cards, Alipay and WeChat Pay.')
    await gap.getByRole('button', { name: 'Save to knowledge base' }).click()
    await gap.getByRole('status').filter({ hasText: 'Saved as a Q&A document.' }).waitFor()

    await page.getByRole('tab', { name: 'A/B variants' }).click()
    await page.getByLabel('Bot').selectOption({ label: 'Model helper' })
    const outcomes = page.getByTestId('variant-outcomes')
    await outcomes.waitFor()
    expect(await outcomes.locator('thead th').allTextContents()).toEqual(['Variant', 'small', 'large'])
    const replies = (await outcomes.locator('tr').filter({ hasText: 'Replies' }).locator('td').allTextContents()).map((text) => Number(text.split(' ')[0]))
    expect(replies.reduce((sum, count) => sum + count, 0)).toBe(2)
    // Each comparison on its own line: the rate, the verdict in words, then the server's note.
    await page.getByTestId('variant-note-down').filter({ hasText: /👎 rate.*: Not enough data yet/ }).waitFor()
    await page.getByTestId('variant-note-handoff').filter({ hasText: /Hand-off rate.*: Too few observations/ }).waitFor()

    await page.getByRole('tab', { name: 'Eval sets' }).click()
    await page.getByTestId('sets-list').getByText('Pricing FAQ').waitFor()
    expect(errors).toEqual([])
  })

  it('reads in 中文 at phone width, and the run table scrolls instead of overflowing the page', async () => {
    const page = await (await newContext(browser, { locale: 'zh-CN', phone: true })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('button', { name: /☰|菜单/ }).click()
    await page.getByRole('link', { name: '质量' }).click()
    await page.getByRole('heading', { name: '质量：选择和调优模型' }).waitFor()
    await page.getByRole('button', { name: '查看' }).first().click()
    await page.getByTestId('run-figures').locator('tr').filter({ hasText: '答案命中' }).waitFor()
    expect(await page.getByText('并排对比回答').count()).toBe(1)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(1)
    await screenshot(page, 'console-quality-run-phone-zh')
  })
})
