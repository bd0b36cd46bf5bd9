import { createHmac } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner, statusFromPage } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'wendy@example.com', password: 'owner password 1' }
const VIEWER = { email: 'vince@example.com', password: 'viewer password 1' }
const SHOP = 'https://shop.example.com'

/** axe-core's serious and critical findings (WCAG 2.1 AA), as lines a person can read in a failure. */
async function findings(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.targets.slice(0, 5).join(', ')}`)
}

/** Starts a visitor the way the widget on `origin` would (Node may set Origin; a browser page cannot). */
async function startVisitor(server: E2eServer, origin: string, body: unknown) {
  const response = await fetch(`${server.url}/api/v1/apps/${server.demo.appId}/visitors`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as { identified?: boolean } }
}

describe.skipIf(!availability.run)('the Website widget screen of the console, in Chromium', { timeout: 90_000 }, () => {
  let server: E2eServer
  let browser: Browser
  let owner: Page

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, OWNER.email, OWNER.password)
    owner = await (await newContext(browser)).newPage()
    await consoleSignIn(owner, server.url, OWNER.email, OWNER.password)
    await owner.getByTestId('app-picker').selectOption({ label: 'Demo' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('an owner sets bot, sites and colour, saves with the keyboard, and a reload shows them; the widget then works on that site', async () => {
    await owner.getByRole('link', { name: 'Website widget' }).click()
    await owner.getByRole('heading', { name: 'Website widget', level: 1 }).waitFor()

    await owner.getByLabel('Support bot').selectOption('assistant')
    const sites = owner.getByLabel('Allowed sites (one per line)')
    await sites.fill(`${SHOP}/cart`)
    await owner.getByText(`“${SHOP}/cart” is a page address. Use only its site: ${SHOP}`).waitFor()
    await sites.fill(`${SHOP}\nhttp://localhost:3000`)
    await expect.poll(() => owner.locator('#widget-origins-problems li').count()).toBe(0)

    const colour = owner.getByLabel('Colour (#rrggbb)')
    await colour.fill('#facc15')
    await owner.getByText(/White text on this colour is hard to read \(contrast 1\.\d:1/).waitFor()
    await owner.getByRole('button', { name: /^Use #[0-9a-f]{6} instead$/ }).click()
    await owner.getByText(/White text on this colour is easy to read/).waitFor()
    const darker = await colour.inputValue()
    expect(darker).toMatch(/^#[0-9a-f]{6}$/)
    expect(darker).not.toBe('#facc15')
    await owner.getByLabel('Bottom left').check()
    await owner.getByLabel('Greeting in English').fill('Hi! Ask us anything.')
    await owner.getByLabel('Greeting in Chinese (中文)').fill('您好！有问题尽管问。')
    expect(await owner.getByTestId('widget-preview').textContent()).toContain('Hi! Ask us anything.')
    await screenshot(owner, 'console-widget')

    await owner.getByRole('button', { name: 'Save widget settings' }).focus()
    await owner.keyboard.press('Enter')
    await owner.getByText('Saved. Pages pick up the new settings when they next load.').waitFor()

    const saved = await server.rest('GET', `/api/v1/apps/${server.demo.appId}/settings`)
    expect(saved.body.widget).toMatchObject({ allowedOrigins: [SHOP, 'http://localhost:3000'], botId: 'assistant', theme: { color: darker, position: 'left', greeting: { en: 'Hi! Ask us anything.', 'zh-CN': '您好！有问题尽管问。' } } })

    await owner.reload()
    await owner.getByRole('heading', { name: 'Website widget', level: 1 }).waitFor()
    expect(await owner.getByLabel('Allowed sites (one per line)').inputValue()).toBe(`${SHOP}\nhttp://localhost:3000`)
    expect(await owner.getByLabel('Colour (#rrggbb)').inputValue()).toBe(darker)
    expect(await owner.getByLabel('Support bot').inputValue()).toBe('assistant')
    expect(await owner.getByLabel('Bottom left').isChecked()).toBe(true)
    expect(await findings(owner), 'widget screen (en, desktop)').toEqual([])

    const snippet = await owner.getByTestId('widget-snippet-anonymous').textContent()
    expect(snippet).toBe(`<script src="${server.url}/widget.js" data-app-id="${server.demo.appId}" async></script>`)

    expect((await startVisitor(server, SHOP, {})).status).toBe(200)
    expect((await startVisitor(server, 'https://elsewhere.example.com', {})).status).toBe(403)
  })

  it('rotating the identity secret warns first and shows the new secret once; the secret signs user ids', async () => {
    await owner.getByRole('button', { name: 'Create or rotate the identity secret' }).click()
    await owner.getByText(/A new secret stops the current one at once/).waitFor()
    expect(await findings(owner), 'rotation warning').toEqual([])
    await owner.getByRole('button', { name: 'Yes, make a new secret' }).click()
    const shown = owner.getByTestId('secret-once')
    await shown.waitFor()
    const secret = (await shown.locator('code').textContent())!
    expect(secret).toMatch(/^wis_/)

    const hash = createHmac('sha256', secret).update('user-42').digest('hex')
    const verified = await startVisitor(server, SHOP, { userId: 'user-42', userHash: hash })
    expect(verified.status).toBe(200)
    expect(verified.body.identified).toBe(true)
    expect((await startVisitor(server, SHOP, { userId: 'user-42', userHash: createHmac('sha256', 'wis_guess').update('user-42').digest('hex') })).status).toBe(401)

    await shown.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => owner.getByTestId('secret-once').count()).toBe(0)
    await owner.reload()
    await owner.getByRole('button', { name: 'Create or rotate the identity secret' }).waitFor()
    expect(await owner.getByTestId('secret-once').count()).toBe(0)
    expect(await owner.content()).not.toContain(secret)
  })

  it('a viewer reads the settings but cannot change them; the screen fits a phone in 中文', async () => {
    expect(await statusFromPage(owner, 'POST', '/api/v1/console/accounts', { email: VIEWER.email, password: VIEWER.password, name: 'Vince', role: 'viewer' })).toBe(201)
    const context = await newContext(browser, { phone: true, locale: 'zh-CN' })
    const viewer = await context.newPage()
    await consoleSignIn(viewer, server.url, VIEWER.email, VIEWER.password)
    await viewer.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await viewer.goto(`${server.url}/console#/widget`)
    await viewer.getByRole('heading', { name: '网站挂件', level: 1 }).waitFor()
    const sites = viewer.getByLabel('允许的网站（每行一个）')
    expect(await sites.inputValue()).toBe(`${SHOP}\nhttp://localhost:3000`)
    expect(await sites.isDisabled()).toBe(true)
    expect(await viewer.getByRole('button', { name: '保存挂件设置' }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: '创建或轮换身份密钥' }).count()).toBe(0)
    expect(await viewer.getByTestId('widget-snippet-anonymous').textContent()).toContain(`data-app-id="${server.demo.appId}"`)
    const overflow = await viewer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(await findings(viewer), 'widget screen (中文, phone, read-only)').toEqual([])
    await screenshot(viewer, 'console-widget-phone-zh')

    expect(await statusFromPage(viewer, 'PATCH', `/api/v1/console/apps/${server.demo.appId}/api/settings`, { widget: { allowedOrigins: ['https://evil.example.com'] } })).toBe(403)
    expect(await statusFromPage(viewer, 'POST', `/api/v1/console/apps/${server.demo.appId}/api/identity-secret`)).toBe(403)
    await context.close()
  })
})
