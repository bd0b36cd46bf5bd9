import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner, statusFromPage } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'olivia@example.com', password: 'owner password 1' }
const VIEWER = { email: 'victor@example.com', password: 'viewer password 1' }

describe.skipIf(!availability.run)('console in Chromium', { timeout: 60_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let owner: Page

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    owner = await (await newContext(browser)).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('an owner signs in, creates an app, adds a viewer and bans a user', async () => {
    await owner.goto(`${server.url}/console`)
    await owner.getByRole('button', { name: 'Sign in' }).waitFor()
    await screenshot(owner, 'console-sign-in')
    await consoleSignIn(owner, server.url, OWNER.email, OWNER.password)
    // The console opens on the dashboard; apps are one link away.
    await owner.getByRole('heading', { name: 'Dashboard' }).waitFor()
    await owner.getByRole('link', { name: 'Apps' }).click()
    await owner.getByLabel('New app name').fill('Support desk')
    await owner.getByRole('button', { name: 'Create app' }).click()
    await owner.getByTestId('secret-once').waitFor()
    expect(await owner.getByTestId('secret-once').locator('code').textContent()).toMatch(/^wsk_/)
    await owner.getByRole('cell', { name: 'Support desk' }).waitFor()
    await screenshot(owner, 'console-apps')

    await owner.getByRole('link', { name: 'Console accounts' }).click()
    await owner.getByLabel('Email').fill(VIEWER.email)
    await owner.getByLabel('Initial password (10+ characters)').fill(VIEWER.password)
    await owner.locator('form').getByLabel(/^Role/).selectOption('viewer')
    await owner.getByRole('button', { name: 'Add account' }).click()
    await owner.getByRole('cell', { name: VIEWER.email }).waitFor()

    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await owner.getByRole('link', { name: 'Users' }).click()
    const carol = owner.getByTestId('user-carol')
    await carol.getByRole('button', { name: 'Ban' }).click()
    await carol.getByText('Banned').waitFor()
    await screenshot(owner, 'console-users')
  })

  it('a viewer sees everything read-only and every change is refused by the server', async () => {
    const viewer = await (await newContext(browser)).newPage()
    await consoleSignIn(viewer, server.url, VIEWER.email, VIEWER.password)
    await viewer.getByTestId('read-only').waitFor()
    expect(await viewer.getByRole('button', { name: 'Create app' }).count()).toBe(0)
    await viewer.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await viewer.getByRole('link', { name: 'Users' }).click()
    await viewer.getByTestId('user-alice').waitFor()
    expect(await viewer.getByRole('button', { name: 'Ban' }).count()).toBe(0)
    await screenshot(viewer, 'console-viewer-users')

    const demo = server.demo.appId
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/v1/console/apps', { name: 'Sneaky' }],
      ['POST', `/api/v1/console/apps/${demo}/secret`, undefined],
      ['POST', '/api/v1/console/accounts', { email: 'x@example.com', password: 'long password 1', role: 'owner' }],
      ['PUT', `/api/v1/console/apps/${demo}/api/users/alice/ban`, { banned: true }],
      ['DELETE', `/api/v1/console/apps/${demo}/api/users/alice/tokens`, undefined],
      ['POST', `/api/v1/console/apps/${demo}/api/groups`, { name: 'G', ownerId: 'alice', memberIds: [] }],
    ]
    for (const [method, path, body] of attempts) expect(await statusFromPage(viewer, method, path, body), `${method} ${path}`).toBe(403)
    const apps = await server.rest('GET', '/api/v1/apps')
    expect(apps.body.apps.map((app: { name: string }) => app.name)).not.toContain('Sneaky')
  })

  it('the audit log shows the changes made above, filters them, and exports CSV', async () => {
    await owner.getByRole('link', { name: 'Audit log' }).click()
    const rows = owner.getByTestId('audit-row')
    await rows.first().waitFor()
    const text = await owner.getByTestId('audit-table').textContent()
    expect(text).toContain('app.create')
    expect(text).toContain('console.account-create')
    expect(text).toContain('PUT /api/v1/apps/:appId/users/:userId/ban')
    expect(text).toContain(OWNER.email)
    await screenshot(owner, 'console-audit')

    await owner.getByLabel('Action').fill('ban')
    await owner.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows.count()).toBe(1)

    const href = await owner.getByTestId('audit-export').getAttribute('href')
    const csv = await owner.evaluate(async (path) => (await fetch(path!)).text(), href)
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('id,time,actorType,actor,action,appId,target,status,ip,userAgent')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`console,${OWNER.email},PUT /api/v1/apps/:appId/users/:userId/ban,${server.demo.appId},/api/v1/apps/${server.demo.appId}/users/carol/ban,200`)
  })

  it('analytics counts messages per day and active people from the event log', async () => {
    const total = async () => {
      await owner.getByRole('link', { name: 'Analytics', exact: true }).click()
      const chart = owner.getByTestId('chart-messages')
      await chart.locator('rect').last().waitFor()
      return Number(await chart.getByTestId('chart-total').getAttribute('data-total'))
    }
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    const before = await total()
    for (const text of ['one', 'two', 'three']) {
      const sent = await server.rest('POST', `/api/v1/apps/${server.demo.appId}/messages`, { body: { from: 'bob', conversationId: server.demo.groupId, body: { type: 'text', text } } })
      expect(sent.status).toBe(200)
    }
    await owner.getByRole('link', { name: 'Audit log' }).click()
    expect(await total()).toBe(before + 3)
    await owner.getByTestId('chart-active').locator('rect').last().waitFor()
    await screenshot(owner, 'console-analytics')
  })

  it('a webhook added in the console shows its deliveries and replays one', async () => {
    const received: IncomingHttpHeaders[] = []
    const receiver: Server = createServer((request, response) => {
      received.push(request.headers)
      request.resume()
      request.on('end', () => response.writeHead(200).end('ok'))
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
      await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
      await owner.getByRole('link', { name: 'Webhooks' }).click()
      await owner.getByLabel('URL').fill(url)
      await owner.getByRole('button', { name: 'Add webhook' }).click()
      await owner.getByTestId('secret-once').waitFor()
      const sent = await server.rest('POST', `/api/v1/apps/${server.demo.appId}/messages`, { body: { from: 'alice', conversationId: server.demo.groupId, body: { type: 'text', text: 'for the hook' } } })
      expect(sent.status).toBe(200)
      await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
      expect(received[0]!['warbler-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
      await owner.getByRole('button', { name: 'Deliveries' }).click()
      await owner.getByText('Delivered').first().waitFor()
      const before = received.length
      await owner.getByRole('button', { name: 'Replay' }).first().click()
      await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(before)
      await screenshot(owner, 'console-webhooks')
    } finally {
      receiver.close()
    }
  })

  it('an admin creates a group, opens it and adds a member', async () => {
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await owner.getByRole('link', { name: 'Groups' }).click()
    await owner.getByLabel('Name', { exact: true }).fill('Support')
    // Owner and members come from a searchable people list (a combobox), not typed ids.
    await owner.getByRole('combobox', { name: 'Owner' }).fill('ali')
    await owner.getByRole('option', { name: /Alice/ }).click()
    expect(await owner.getByTestId('group-owner').getByTestId('picked-person').getAttribute('data-user-id')).toBe('alice')
    const memberBox = owner.getByRole('combobox', { name: 'Members' })
    await memberBox.fill('bo')
    await owner.getByRole('option', { name: /Bob/ }).waitFor()
    await memberBox.press('ArrowDown')
    await memberBox.press('Enter')
    expect(await owner.getByTestId('group-members').getByTestId('picked-person').getAttribute('data-user-id')).toBe('bob')
    await owner.getByRole('button', { name: 'Create group' }).click()
    await owner.getByRole('button', { name: 'Support' }).click()
    const members = owner.locator('.member-list')
    await members.getByText('bob').waitFor()
    expect(await members.textContent()).toContain('alice')
    // Already-members are not offered again.
    const addBox = owner.getByRole('combobox', { name: 'Add members' })
    await addBox.fill('')
    await addBox.focus()
    await owner.getByRole('option', { name: /Carol/ }).waitFor()
    expect(await owner.getByRole('option', { name: /Bob/ }).count()).toBe(0)
    await owner.getByRole('option', { name: /Carol/ }).click()
    await owner.getByRole('button', { name: 'Add', exact: true }).click()
    await members.getByText('carol').waitFor()
    await owner.getByRole('combobox', { name: 'Owner' }).focus()
    await owner.getByTestId('group-owner').getByRole('listbox').waitFor()
    expect(await seriousViolations(owner)).toEqual([])
    await screenshot(owner, 'console-groups')
  })

  it('works at phone width in Chinese', async () => {
    const page = await (await newContext(browser, { phone: true, locale: 'zh-CN' })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.getByRole('button', { name: '菜单' }).click()
    await page.getByRole('link', { name: '审计日志' }).click()
    await page.getByTestId('audit-row').first().waitFor()
    await screenshot(page, 'console-phone-audit-zh')
  })
})
