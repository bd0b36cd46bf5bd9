import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, newContext, screenshot } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'

const { run } = browserAvailability()
// A 2×2 red PNG: an avatar picture served from another origin, as profile pictures usually are.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAjCAP/7IYIawAAAABJRU5ErkJggg==', 'base64')

describe.runIf(run)('chat app: people directory, groups, bots and avatars', () => {
  const env = useChatEnvironment()
  let pictures: Server
  let pictureUrl: string

  beforeAll(async () => {
    pictures = createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(PNG))
    await new Promise<void>((resolve) => pictures.listen(0, '127.0.0.1', resolve))
    pictureUrl = `http://127.0.0.1:${(pictures.address() as AddressInfo).port}/carol.png`
  })
  afterAll(() => new Promise<void>((resolve) => pictures?.close(() => resolve())))

  const input = (page: Page) => page.getByRole('combobox', { name: /Find people|查找联系人/ })

  it('finds people by name and opens a direct chat with the keyboard; shows avatar pictures', async () => {
    const { demo } = env.server
    expect((await env.server.rest('PATCH', `/api/v1/apps/${demo.appId}/users/carol`, { key: demo.appSecret, body: { avatarUrl: pictureUrl } })).status).toBe(200)
    const page = await (await newContext(env.browser)).newPage()
    await env.signInAs(page, 'alice')
    await input(page).focus()
    await page.keyboard.type('CAR')
    const option = page.getByRole('listbox', { name: 'People' }).getByRole('option', { name: /Carol/ })
    await option.waitFor()
    expect(await page.getByRole('listbox', { name: 'People' }).getByRole('option').count()).toBe(1)
    // The picture from the profile, not the initial.
    await expect.poll(() => option.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(2)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chat-people-search')
    await page.keyboard.press('ArrowDown')
    expect(await option.getAttribute('aria-selected')).toBe('true')
    expect(await input(page).getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('conversation-heading').textContent()).toBe('Carol')
    expect(await page.getByTestId('conversation').locator('.conversation-header img').count()).toBe(1)
    expect(await input(page).inputValue()).toBe('')
    // Nobody is offered that does not exist, and the typed text is still tried as an id.
    await input(page).fill('nobody-at-all')
    await page.getByText('Nobody with that name. Press Enter to try it as a user id.').waitFor()
  }, 60_000)

  it('marks bots with a badge in the search, the list and the header, and never shows a bot as Offline', async () => {
    const page = await (await newContext(env.browser)).newPage()
    await env.signInAs(page, 'bob')
    await input(page).fill('assist')
    const option = page.getByRole('option', { name: /Assistant/ })
    await option.getByTestId('bot-badge').waitFor()
    await option.click()
    await expect.poll(() => page.getByTestId('conversation-heading').textContent()).toBe('Assistant')
    const header = page.locator('.conversation-header')
    await header.getByTestId('bot-badge').waitFor()
    const row = page.getByTestId('conversation-row').filter({ has: page.locator('.conversation-title', { hasText: /^Assistant$/ }) })
    await row.getByTestId('bot-badge').waitFor()
    // Presence answers within a moment; a bot's header line stays without it.
    await page.waitForTimeout(1500)
    expect(await header.textContent()).not.toMatch(/Offline|Online|Last seen/)
    expect(await header.getByTestId('presence').count()).toBe(0)

    // In a group, a bot's messages carry the badge beside its name.
    const { demo } = env.server
    expect((await env.server.rest('POST', `/api/v1/apps/${demo.appId}/messages`, { key: demo.appSecret, body: { from: 'assistant', conversationId: demo.groupId, body: { type: 'text', text: 'The docs answer most questions.' } } })).status).toBe(200)
    await page.getByTestId('conversation-row').filter({ has: page.locator('.conversation-title', { hasText: /^Demo$/ }) }).click()
    const fromBot = page.getByTestId('message').filter({ hasText: 'The docs answer most questions.' })
    await fromBot.getByTestId('bot-badge').waitFor()
    expect(await page.getByTestId('message').filter({ has: page.locator('.sender', { hasText: 'Alice' }) }).getByTestId('bot-badge').count()).toBe(0)
  })

  it('starts a group from the chat: a name and members picked from the directory (phone, 中文)', async () => {
    const phone = await (await newContext(env.browser, { phone: true, locale: 'zh-CN' })).newPage()
    await env.signInAs(phone, 'alice')
    await phone.getByRole('button', { name: '新建群组' }).click()
    await phone.getByLabel('群组名称').fill('周末徒步')
    const members = phone.getByRole('combobox', { name: '按名字添加成员' })
    await members.fill('bo')
    await phone.getByRole('option', { name: /Bob/ }).click()
    await members.fill('car')
    await phone.getByRole('option', { name: /Carol/ }).waitFor()
    await members.press('ArrowDown')
    await members.press('Enter')
    await expect.poll(() => phone.getByTestId('group-member').locator('span:not(.avatar)').allTextContents()).toEqual(['Bob', 'Carol'])
    // Someone picked already is not offered again.
    await members.fill('bob')
    await phone.getByText('没有叫这个名字的人。按回车可将其作为用户 ID 尝试。').waitFor()
    expect(await seriousViolations(phone)).toEqual([])
    await screenshot(phone, 'chat-new-group-zh-phone')
    await phone.getByRole('button', { name: '创建群组' }).click()
    await expect.poll(() => phone.getByTestId('conversation-heading').textContent()).toBe('周末徒步')

    const bob = await (await newContext(env.browser)).newPage()
    await env.signInAs(bob, 'bob')
    await bob.getByTestId('conversation-row').filter({ hasText: '周末徒步' }).click()
    await expect.poll(() => bob.getByTestId('conversation-heading').textContent()).toBe('周末徒步')
  })

  it('shows people by name with a token from an app without the demo names', async () => {
    const app = (await env.server.rest('POST', '/api/v1/apps', { key: env.server.operatorKey, body: { name: 'Other' } })).body
    for (const user of [{ id: 'u-zoe', name: 'Zoë' }, { id: 'u-yann', name: 'Yann' }]) await env.server.rest('POST', `/api/v1/apps/${app.id}/users`, { key: app.secret, body: user })
    const bot = await env.server.rest('POST', `/api/v1/apps/${app.id}/bots`, { key: app.secret, body: { id: 'u-desk', name: 'Help desk' } })
    expect(bot.status).toBe(201)
    await env.server.rest('POST', `/api/v1/apps/${app.id}/messages`, { key: app.secret, body: { from: 'u-yann', to: 'u-zoe', body: { type: 'text', text: 'Salut Zoë' } } })
    const token = (await env.server.rest('POST', `/api/v1/apps/${app.id}/users/u-zoe/tokens`, { key: app.secret, body: {} })).body.token
    const page = await (await newContext(env.browser)).newPage()
    await page.goto(env.server.url)
    await page.getByLabel('User token').fill(token)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => page.getByTestId('me-name').textContent()).toBe('Zoë')
    await expect.poll(() => page.locator('.conversation-title').allTextContents()).toContain('Yann')
    await input(page).fill('help')
    await page.getByRole('option', { name: /Help desk/ }).getByTestId('bot-badge').waitFor()
  })

  it('desktop notifications, the chime and the unread count in the title are opt-in; none for the open, focused conversation', async () => {
    const context = await newContext(env.browser)
    // Records notifications, permission prompts and chimes instead of showing them.
    await context.addInitScript(() => {
      const record = { shown: [] as { title: string; body: string }[], asked: 0, chimes: 0, clickLast: () => undefined as void }
      ;(window as unknown as { __record: typeof record }).__record = record
      class RecordingNotification {
        static permission = 'default'
        static async requestPermission() {
          record.asked++
          RecordingNotification.permission = 'granted'
          return 'granted'
        }
        onclick: (() => void) | null = null
        constructor(title: string, options: { body?: string }) {
          record.shown.push({ title, body: options.body ?? '' })
          record.clickLast = () => this.onclick?.()
        }
        close() {}
      }
      ;(window as unknown as { Notification: unknown }).Notification = RecordingNotification
      const create = AudioContext.prototype.createOscillator
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        record.chimes++
        return create.call(this)
      }
    })
    const alice = await context.newPage()
    await env.signInAs(alice, 'alice')
    const record = () => alice.evaluate(() => (window as unknown as { __record: { shown: { title: string; body: string }[]; asked: number; chimes: number } }).__record)
    const bob = await (await newContext(env.browser)).newPage()
    await env.signInAs(bob, 'bob')
    const sendAs = async (page: Page, conversation: string, text: string) => {
      await page.getByTestId('conversation-row').filter({ has: page.locator('.conversation-title', { hasText: new RegExp(`^${conversation}$`) }) }).click()
      await page.getByTestId('composer').fill(text)
      await page.keyboard.press('Enter')
      await page.getByTestId('message').filter({ hasText: text }).waitFor()
    }
    const baseTitle = await alice.title()

    // Off until turned on: a message shows no notification and the title stays.
    await sendAs(bob, 'Demo', 'Before opting in')
    await alice.getByTestId('conversation-row').filter({ hasText: 'Before opting in' }).waitFor()
    expect(await record()).toMatchObject({ shown: [], asked: 0 })
    expect(await alice.title()).toBe(baseTitle)

    await alice.getByRole('button', { name: 'Notifications', exact: true }).click()
    expect((await record()).asked).toBe(0)
    await alice.getByLabel('Show a notification for new messages while this tab is open').check()
    expect((await record()).asked).toBe(1)
    await alice.getByLabel('Play a sound').check()
    await alice.getByLabel('Unread count in the tab title').check()
    // The title counts what the list's badges count (Demo's message, the assistant's welcome).
    const unreadIn = async () => Number(/^\((\d+)\) /.exec(await alice.title())?.[1] ?? 0)
    const badges = (await alice.getByTestId('unread-badge').allTextContents()).reduce((sum, text) => sum + Number(text), 0)
    expect(badges).toBeGreaterThan(0)
    await expect.poll(() => alice.title()).toBe(`(${badges}) ${baseTitle}`)
    expect(await seriousViolations(alice)).toEqual([])
    await alice.keyboard.press('Escape')
    expect(await alice.getByRole('group', { name: 'Notification settings' }).isHidden()).toBe(true)

    // Alice looks at her chat with Bob (this tab focused): Bob's message there shows no notification…
    await alice.getByRole('combobox', { name: 'Find people by name or user id' }).fill('bob')
    await alice.getByRole('listbox', { name: 'People' }).getByRole('option', { name: /Bob/ }).click()
    await alice.bringToFront()
    expect(await alice.evaluate(() => document.hasFocus())).toBe(true)
    await bob.getByRole('combobox', { name: 'Find people by name or user id' }).fill('alice')
    await bob.getByRole('listbox', { name: 'People' }).getByRole('option', { name: /Alice/ }).click()
    // Bob's chat with Alice is open before he types (under load opening it can take a moment), and Enter
    // goes to his composer itself, not to whatever the page has focused.
    await expect.poll(() => bob.getByTestId('conversation-heading').textContent()).toBe('Alice')
    await bob.getByTestId('composer').fill('Seen already')
    await bob.getByTestId('composer').press('Enter')
    await bob.getByTestId('message').filter({ hasText: 'Seen already' }).waitFor()
    await alice.getByTestId('message').filter({ hasText: 'Seen already' }).waitFor({ timeout: 20_000 })
    // …one in the group she is not looking at does, with the chime, and the title counts it.
    await sendAs(bob, 'Demo', 'Lunch at noon?')
    await expect.poll(async () => (await record()).shown).toEqual([{ title: 'Bob · Demo', body: 'Lunch at noon?' }])
    expect((await record()).chimes).toBeGreaterThan(0)
    await expect.poll(unreadIn).toBe(badges + 1)
    // A click on the notification opens its conversation.
    await alice.evaluate(() => (window as unknown as { __record: { clickLast(): void } }).__record.clickLast())
    await expect.poll(() => alice.getByTestId('conversation-heading').textContent()).toBe('Demo')

    // The choices are kept for the next visit.
    await alice.reload()
    await alice.getByRole('button', { name: 'Notifications', exact: true }).click()
    expect(await alice.getByLabel('Play a sound').isChecked()).toBe(true)
  }, 60_000)
})
