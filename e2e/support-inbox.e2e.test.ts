import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner, statusFromPage } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'olivia@example.com', password: 'owner password 1' }
// The console account `lin-e2e@…` works as the app agent `lin-e2e` (the inbox matches the email's name).
const AGENT = { email: 'lin-e2e@example.com', password: 'agent password 1', userId: 'lin-e2e' }
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Serious or critical accessibility violations on the page (axe-core), as `rule: target` lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') stays on.
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
    return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
  })
}

describe.skipIf(!availability.run)('the agent inbox in Chromium', { timeout: 90_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let secret: string
  let appId: string

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    appId = server.demo.appId
    secret = server.demo.appSecret
    await createOwner(server, OWNER.email, OWNER.password)
    const created = await server.rest('POST', `/api/v1/apps/${appId}/users`, { key: secret, body: { id: AGENT.userId, name: 'Lin' } })
    expect(created.status).toBe(201)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('an owner adds the agent account, makes the user an agent and adds a canned reply in Support settings', async () => {
    const owner = await (await newContext(browser)).newPage()
    await consoleSignIn(owner, server.url, OWNER.email, OWNER.password)
    expect(await statusFromPage(owner, 'POST', '/api/v1/console/accounts', { email: AGENT.email, password: AGENT.password, name: 'Lin', role: 'agent' })).toBe(201)
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await owner.getByRole('link', { name: 'Support settings' }).click()
    await owner.getByLabel('User id').fill(AGENT.userId)
    await owner.getByLabel('Teams, comma separated (optional)').fill('billing, vip')
    await owner.getByRole('button', { name: 'Make agent' }).click()
    const row = owner.getByTestId(`agent-${AGENT.userId}`)
    await row.waitFor()
    expect(await row.getByLabel('Teams of Lin').inputValue()).toBe('billing, vip')
    await owner.getByLabel('Shortcut (without /)').fill('/refund')
    await owner.getByLabel('Text', { exact: true }).fill('Your refund is on its way: 3 to 5 working days.')
    await owner.getByRole('button', { name: 'Add canned reply' }).click()
    await owner.getByTestId('canned-refund').waitFor()

    // Response targets and business hours: urgent first response in 5 minutes, Shanghai time, Sundays closed.
    const sla = owner.getByTestId('sla-card')
    await sla.getByLabel('First response target for Urgent priority, in minutes').fill('5')
    await sla.getByLabel('Time zone').fill('Asia/Shanghai')
    const sunday = sla.getByRole('checkbox', { name: 'Sunday' })
    if (await sunday.isChecked()) await sunday.uncheck()
    await sla.getByLabel('Holidays, closed all day (YYYY-MM-DD, one per line)').fill('2026-10-01')
    await sla.getByRole('button', { name: 'Save' }).click()
    await sla.getByText('Saved.').waitFor()
    const settings = await server.rest('GET', `/api/v1/apps/${appId}/support/settings`, { key: secret })
    expect(settings.body.sla.urgent.firstResponseSeconds).toBe(300)
    expect(settings.body.businessHours).toMatchObject({ timeZone: 'Asia/Shanghai', holidays: ['2026-10-01'] })
    expect(settings.body.businessHours.weekly.some((span: { day: number }) => span.day === 0)).toBe(false)
    await screenshot(owner, 'support-settings')
    expect(await accessibilityProblems(owner)).toEqual([])
    const agents = await server.rest('GET', `/api/v1/apps/${appId}/agents`, { key: secret })
    expect(agents.body.agents).toContainEqual(expect.objectContaining({ userId: AGENT.userId, capacity: 3, teams: ['billing', 'vip'] }))
    await owner.context().close()
  })

  it('an agent takes a handed-off conversation, replies (also with a canned reply) and notes; the customer sees the replies, never the note', async () => {
    // The customer, in the chat app, writes to the support bot.
    const customer = await (await newContext(browser)).newPage()
    const bootErrors: string[] = []
    customer.on('pageerror', (error) => bootErrors.push(error.message))
    await customer.goto(server.url)
    await customer
      .getByTestId('demo-user-alice')
      .waitFor({ timeout: 15_000 })
      .catch(() => {
        throw new Error(`the chat app did not start${bootErrors.length ? `: ${bootErrors.join('; ')}` : ''}`)
      })
    await customer.getByTestId('demo-user-alice').click()
    await customer.getByPlaceholder('Chat with… (name or user id)').fill('assistant')
    await customer.getByRole('button', { name: 'Open' }).click()
    await customer.getByTestId('composer').fill('My order 1234 has not arrived.')
    await customer.keyboard.press('Enter')
    await customer.getByTestId('message').filter({ hasText: 'My order 1234 has not arrived.' }).waitFor()

    const list = await server.rest('GET', `/api/v1/apps/${appId}/users/alice/conversations`, { key: secret })
    const direct = (list.body.items as { conversation: { id: string; kind: string; members?: { userId: string }[] } }[]).find(
      (item) => item.conversation.kind === 'direct' && item.conversation.members?.some((member) => member.userId === 'assistant'),
    )
    expect(direct).toBeDefined()
    const conversationId = direct!.conversation.id
    const handoff = await server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/handoff`, { key: secret, body: { reason: 'customer_request', summary: 'Order 1234 is late.' } })
    expect(handoff.status).toBe(200)
    expect(handoff.body.status).toBe('queued') // the agent has no connected session: it waits in the queue
    // The customer is told, live, in the chat app.
    await customer.getByTestId('message-list').getByText('Connecting you to a person…').waitFor({ timeout: 10_000 })
    // Lin is busy for now, so the open inbox (her connected session) takes nothing by itself: she takes it.
    expect((await server.rest('PUT', `/api/v1/apps/${appId}/agents/${AGENT.userId}`, { key: secret, body: { availability: 'busy' } })).status).toBe(200)

    // The agent signs in to the console and lands in the inbox, working as their agent user.
    const agent = await (await newContext(browser)).newPage()
    await consoleSignIn(agent, server.url, AGENT.email, AGENT.password)
    await agent.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await agent.getByRole('heading', { name: 'Inbox' }).waitFor()
    expect(await agent.getByTestId('working-as').inputValue()).toBe(AGENT.userId)
    const row = agent.getByTestId(`inbox-row-${conversationId}`)
    await row.waitFor()
    expect(Number(await agent.getByTestId('inbox-count-queue').textContent())).toBeGreaterThanOrEqual(1)
    await row.click()
    await agent.getByTestId('handoff-summary').waitFor()
    await agent.getByTestId('support-timeline').getByText('My order 1234 has not arrived.').waitFor()
    await screenshot(agent, 'support-inbox-queued')

    await agent.getByTestId('support-take').click()
    await expect.poll(() => agent.getByTestId('support-status').textContent()).toBe('Assigned')
    await agent.getByTestId('inbox-tab-mine').click()
    await agent.getByTestId(`inbox-row-${conversationId}`).waitFor()
    expect(await agent.getByTestId('inbox-count-mine').textContent()).toBe('1')

    // A reply, then a canned reply picked with /ref + Enter, then a private note.
    const draft = agent.getByTestId('support-draft')
    await draft.fill('Hi Alice, I am Lin. Let me check your order.')
    await draft.press('Enter')
    await agent.getByTestId('inbox-done').getByText('Reply sent.').waitFor()
    await draft.pressSequentially('/ref')
    await agent.getByRole('option', { name: /refund/ }).waitFor()
    await draft.press('Enter')
    expect(await draft.inputValue()).toBe('Your refund is on its way: 3 to 5 working days.')
    await draft.press('Enter')
    await agent.getByTestId('support-timeline').getByText('Your refund is on its way').waitFor()
    await agent.getByText('Private note', { exact: true }).click()
    await draft.fill('VIP customer, refund approved.')
    await draft.press('Enter')
    await agent.getByTestId('timeline-note').filter({ hasText: 'VIP customer, refund approved.' }).waitFor()
    await screenshot(agent, 'support-inbox-assigned')
    expect(await accessibilityProblems(agent)).toEqual([])

    // The customer sees the agent join, both replies under the agent's name, live, and never the note.
    await customer.getByTestId('message-list').getByText('Lin (agent) joined').waitFor({ timeout: 10_000 })
    const reply = customer.getByTestId('message').filter({ hasText: 'Hi Alice, I am Lin. Let me check your order.' })
    await reply.waitFor({ timeout: 15_000 })
    await customer.getByTestId('message').filter({ hasText: 'Your refund is on its way: 3 to 5 working days.' }).waitFor()
    expect(await reply.textContent()).toContain('Lin')
    expect(await customer.getByText('VIP customer').count()).toBe(0)
    await screenshot(customer, 'support-customer-sees-agent')

    // Resolving moves it to the resolved tab.
    await agent.getByTestId('support-resolve').click()
    await expect.poll(() => agent.getByTestId('support-status').textContent()).toBe('Resolved')
    await agent.getByTestId('inbox-tab-resolved').click()
    await agent.getByTestId(`inbox-row-${conversationId}`).waitFor()

    // The customer rates it; support analytics show the hand-off, the times and the rating.
    const rated = await server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/csat`, { key: secret, body: { userId: 'alice', rating: 5, comment: 'Quick and kind' } })
    expect(rated.status).toBe(201)
    await agent.getByRole('link', { name: 'Support analytics' }).click()
    await agent.getByTestId('support-first-response').getByText(/^Median: /).waitFor()
    expect(await agent.getByTestId('support-resolution').textContent()).toMatch(/Median: .*from 1 conversation/)
    expect(await agent.getByTestId('support-by-reason').getByRole('listitem').filter({ hasText: 'The customer asked for a person' }).textContent()).toMatch(/person:\s*1$/)
    expect(await agent.getByTestId('support-csat-agent').getByRole('listitem').first().textContent()).toMatch(/^Lin:\s*5 \/ 5$/)
    await screenshot(agent, 'support-analytics')
    expect(await accessibilityProblems(agent)).toEqual([])
  })

  it('an agent whose only open window is the console inbox gets conversations assigned; closing it stops that; the customer sees the hand-off in Chinese', async () => {
    const online = async () => ((await server.rest('GET', `/api/v1/apps/${appId}/agents`, { key: secret })).body.agents as { userId: string; online: boolean }[]).find((entry) => entry.userId === AGENT.userId)?.online
    const agent = await (await newContext(browser)).newPage()
    await consoleSignIn(agent, server.url, AGENT.email, AGENT.password)
    await agent.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await agent.getByRole('heading', { name: 'Inbox' }).waitFor()
    await agent.getByTestId('availability').selectOption('online')
    // No chat app, no SDK: the inbox window is Lin's connected session.
    await agent.getByTestId('agent-load').getByText(/Connected/).waitFor({ timeout: 10_000 })
    expect(await online()).toBe(true)

    // A customer whose chat app is in Chinese asks for a person; it goes to Lin at once.
    const customer = await (await newContext(browser, { locale: 'zh-CN' })).newPage()
    await customer.goto(server.url)
    await customer.getByTestId('demo-user-carol').click()
    await customer.getByPlaceholder('与…聊天（名字或用户 ID）').fill('assistant')
    await customer.getByRole('button', { name: '打开', exact: true }).click()
    await customer.getByTestId('composer').fill('转人工')
    await customer.keyboard.press('Enter')
    await customer.getByTestId('message-list').getByText('正在为您转接人工客服…').waitFor({ timeout: 10_000 })
    await customer.getByTestId('message-list').getByText('客服 Lin 已加入').waitFor({ timeout: 10_000 })
    await screenshot(customer, 'support-customer-handoff-zh')
    const carolList = await server.rest('GET', `/api/v1/apps/${appId}/users/carol/conversations`, { key: secret })
    const carols = (carolList.body.items as { conversation: { id: string; kind: string; members?: { userId: string }[] } }[]).find(
      (item) => item.conversation.kind === 'direct' && item.conversation.members?.some((member) => member.userId === 'assistant'),
    )!.conversation.id
    expect((await server.rest('GET', `/api/v1/apps/${appId}/conversations/${carols}/support`, { key: secret })).body).toMatchObject({ status: 'assigned', assigneeId: AGENT.userId, reason: 'customer_request' })
    await agent.getByTestId('inbox-tab-mine').click()
    await agent.getByTestId(`inbox-row-${carols}`).waitFor()

    // The inbox closes: Lin is no longer connected, and the next hand-off waits in the queue.
    await agent.close({ runBeforeUnload: true })
    await expect.poll(online, { timeout: 5000 }).toBe(false)
    const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key: secret, body: { from: 'carol', to: 'lin', body: { type: 'text', text: 'Are you there?' } } })
    const waiting = sent.body.conversationId as string
    expect((await server.rest('POST', `/api/v1/apps/${appId}/conversations/${waiting}/handoff`, { key: secret, body: { reason: 'policy' } })).body.status).toBe('queued')
    await new Promise((resolve) => setTimeout(resolve, 1500)) // the assignment loop sweeps every second
    expect((await server.rest('GET', `/api/v1/apps/${appId}/conversations/${waiting}/support`, { key: secret })).body.status).toBe('queued')

    // Leave the app as the next tests expect it: nothing waiting, nothing of this test assigned, Lin busy.
    await server.rest('PATCH', `/api/v1/apps/${appId}/conversations/${waiting}/support`, { key: secret, body: { status: 'bot' } })
    await server.rest('PATCH', `/api/v1/apps/${appId}/conversations/${carols}/support`, { key: secret, body: { status: 'resolved' } })
    await server.rest('PUT', `/api/v1/apps/${appId}/agents/${AGENT.userId}`, { key: secret, body: { availability: 'busy' } })
    await customer.context().close()
  })

  it('alerts the agent of a new assignment with a desktop notification and a chime, once they opted in', async () => {
    const context = await newContext(browser)
    // Record notifications and tones instead of showing and playing them (headless has neither).
    await context.addInitScript(() => {
      const record = window as unknown as { shown: { title: string; body?: string; click: () => void }[]; tones: number }
      record.shown = []
      record.tones = 0
      class FakeNotification {
        static permission = 'granted'
        static requestPermission = async () => 'granted'
        onclick: (() => void) | null = null
        constructor(title: string, options: { body?: string } = {}) {
          record.shown.push({ title, ...(options.body === undefined ? {} : { body: options.body }), click: () => this.onclick?.() })
        }
        close() {}
      }
      Object.assign(window, { Notification: FakeNotification })
      const RealAudioContext = window.AudioContext
      class CountingAudioContext extends RealAudioContext {
        override createOscillator() {
          record.tones++
          return super.createOscillator()
        }
      }
      Object.assign(window, { AudioContext: CountingAudioContext })
    })
    const agent = await context.newPage()
    await consoleSignIn(agent, server.url, AGENT.email, AGENT.password)
    await agent.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await agent.getByLabel('Alert me of new assignments').check()
    await agent.getByTestId('agent-load').waitFor()
    await agent.waitForTimeout(3500) // one poll with the alerts on: what is already assigned does not ring

    const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key: secret, body: { from: 'bob', to: 'assistant', body: { type: 'text', text: 'Can someone call me back?' } } })
    const conversationId = sent.body.conversationId as string
    await server.rest('POST', `/api/v1/apps/${appId}/conversations/${conversationId}/handoff`, { key: secret, body: { reason: 'customer_request' } })
    const assigned = await server.rest('PATCH', `/api/v1/apps/${appId}/conversations/${conversationId}/support`, { key: secret, body: { assigneeId: AGENT.userId } })
    expect(assigned.body).toMatchObject({ status: 'assigned', assigneeId: AGENT.userId })

    await expect.poll(() => agent.evaluate(() => (window as unknown as { shown: { title: string }[] }).shown.map((entry) => entry.title)), { timeout: 10_000 }).toEqual(['New conversation for you'])
    expect(await agent.evaluate(() => (window as unknown as { tones: number }).tones)).toBe(2)
    expect(await agent.evaluate(() => (window as unknown as { shown: { body?: string }[] }).shown[0]!.body)).toBe('Bob is waiting.')
    await agent.evaluate(() => (window as unknown as { shown: { click: () => void }[] }).shown[0]!.click())
    await agent.getByTestId('inbox-conversation').getByText('Can someone call me back?').waitFor()
    expect(await agent.getByTestId('inbox-tab-mine').getAttribute('aria-selected')).toBe('true')
    await agent.waitForTimeout(3500)
    expect(await agent.evaluate(() => (window as unknown as { shown: unknown[] }).shown.length)).toBe(1) // once per assignment
    await context.close()
  })

  it('works at phone width and in Chinese, with the keyboard', async () => {
    const phone = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await consoleSignIn(phone, server.url, AGENT.email, AGENT.password)
    await phone.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await phone.getByRole('heading', { name: '客服收件箱' }).waitFor()
    // Bob's conversation, assigned to this agent by the test before, is under Mine (key 2).
    await phone.getByTestId('inbox-tab-mine').waitFor()
    await phone.keyboard.press('2')
    expect(await phone.getByTestId('inbox-tab-mine').getAttribute('aria-selected')).toBe('true')
    await phone.locator('.inbox-row').first().waitFor()
    await phone.keyboard.press('j')
    await phone.getByTestId('inbox-conversation').getByText('Can someone call me back?').waitFor()
    await screenshot(phone, 'support-inbox-phone-conversation-zh')
    // On a phone the list gives way to the conversation, and "back" returns to it.
    expect(await phone.locator('.inbox-list-pane').isVisible()).toBe(false)
    await phone.getByRole('button', { name: /返回列表/ }).click()
    await phone.locator('.inbox-list-pane').waitFor()
    await phone.keyboard.press('?')
    await phone.getByTestId('shortcut-help').getByText('键盘快捷键').waitFor()
    const width = await phone.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await screenshot(phone, 'support-inbox-phone-zh')
    expect(await accessibilityProblems(phone)).toEqual([])
  })
})
