import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, newContext } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'

const availability = browserAvailability()

/** axe-core's serious and critical findings, as lines a person can read in the failure. */
async function findings(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.targets.slice(0, 5).join(', ')}`)
}

describe.skipIf(!availability.run)('accessibility (axe-core, WCAG 2.1 AA) in Chromium', { timeout: 120_000 }, () => {
  const env = useChatEnvironment()

  it('the chat app: sign-in, a conversation with own text, recalled and file messages, en and 中文, desktop and phone', async () => {
    const page = await (await newContext(env.browser)).newPage()
    await page.goto(env.server.url)
    await page.getByTestId('demo-user-alice').waitFor()
    expect(await findings(page), 'sign-in').toEqual([])

    await env.signInAs(page, 'alice')
    await page.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await page.getByTestId('message').first().waitFor()
    await page.getByTestId('composer').fill('Checking the contrast of my own bubbles')
    await page.keyboard.press('Enter')
    await page.getByTestId('composer').fill('This one goes away')
    await page.keyboard.press('Enter')
    const doomed = page.getByTestId('message').filter({ hasText: 'This one goes away' }).first()
    await doomed.hover()
    await doomed.getByTestId('message-actions').click()
    await page.getByRole('menuitem', { name: 'Recall' }).click()
    await page.getByTestId('message').filter({ hasText: 'This message was recalled.' }).waitFor()
    await page.getByTestId('attach').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting notes') })
    await page.getByTestId('message').filter({ hasText: 'notes.txt' }).waitFor()
    expect(await findings(page), 'conversation (en, desktop)').toEqual([])

    const phone = await (await newContext(env.browser, { locale: 'zh-CN', phone: true })).newPage()
    await env.signInAs(phone, 'alice')
    await phone.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await phone.getByTestId('message').filter({ hasText: '此消息已撤回' }).waitFor()
    expect(await findings(phone), 'conversation (中文, phone)').toEqual([])
  })

  it('the console: setup form, sign-in, apps, users and audit log', async () => {
    const page = await (await newContext(env.browser)).newPage()
    await page.goto(`${env.server.url}/console`)
    await page.getByRole('button', { name: 'Create owner' }).waitFor()
    expect(await findings(page), 'setup').toEqual([])
    await createOwner(env.server, 'olivia@example.com', 'owner password 1')
    await page.goto(`${env.server.url}/console`)
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await findings(page), 'sign-in').toEqual([])
    await consoleSignIn(page, env.server.url, 'olivia@example.com', 'owner password 1')
    expect(await findings(page), 'apps').toEqual([])
    await page.getByTestId('app-picker').selectOption({ label: 'Demo' })
    await page.getByRole('link', { name: 'Users' }).click()
    await page.getByTestId('user-alice').waitFor()
    expect(await findings(page), 'users').toEqual([])
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    expect(await findings(page), 'audit log').toEqual([])

    const phone = await (await newContext(env.browser, { locale: 'zh-CN', phone: true })).newPage()
    await phone.goto(`${env.server.url}/console`)
    await phone.getByLabel('邮箱').fill('olivia@example.com')
    await phone.getByLabel('密码').fill('owner password 1')
    await phone.getByRole('button', { name: '登录' }).click()
    await phone.getByTestId('account').waitFor()
    expect(await findings(phone), 'apps (中文, phone)').toEqual([])
  })
})
