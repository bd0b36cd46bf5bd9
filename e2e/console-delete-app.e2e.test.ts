import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './helpers/axe.js'
import { browserAvailability, launchBrowser, newContext, screenshot } from './helpers/browser.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

const availability = browserAvailability()
const OWNER = { email: 'dana@example.com', password: 'owner password 9' }

describe.skipIf(!availability.run)('deleting an app from the console (issue 20) in Chromium', { timeout: 90_000 }, () => {
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

  it('asks for the operator key and the app id typed again; a wrong key is explained; the app is gone afterwards', async () => {
    const app = (await server.rest('POST', '/api/v1/apps', { body: { name: 'Throwaway' } })).body as { id: string; secret: string }
    const page = await (await newContext(browser)).newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.goto(`${server.url}/console#/apps`)
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Throwaway', exact: true }) })
    // The button is named by what it does and described by the app it is in (the row's name cell).
    expect(await row.getByRole('button', { name: 'Delete app' }).getAttribute('aria-describedby')).toBe(`app-name-${app.id}`)
    await row.getByRole('button', { name: 'Delete app' }).click()
    const panel = page.getByRole('alertdialog', { name: 'Delete Throwaway for good' })
    await panel.waitFor()
    // The heading takes the focus, so a screen reader starts with what is about to happen.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2')
    const confirm = panel.getByRole('button', { name: 'Delete this app' })
    expect(await confirm.isDisabled()).toBe(true)
    await panel.getByLabel('Operator key').fill('not-the-operator-key-at-all')
    await panel.getByLabel(`Type the app id ${app.id} to confirm`).fill('app_wrong')
    expect(await confirm.isDisabled()).toBe(true)
    await panel.getByLabel(`Type the app id ${app.id} to confirm`).fill(app.id)
    expect(await confirm.isDisabled()).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    await confirm.click()
    await panel.getByRole('alert').getByText('That is not the operator key. Only the operator key can delete an app.').waitFor()
    // The app still works.
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/settings`, { key: app.secret })).status).toBe(200)

    await panel.getByLabel('Operator key').fill(server.operatorKey)
    await screenshot(page, 'console-delete-app-en')
    await confirm.click()
    await page.getByRole('status').getByText('Throwaway was deleted. Its data is being removed in the background.').waitFor()
    await page.getByRole('cell', { name: 'Throwaway', exact: true }).waitFor({ state: 'detached' })
    const after = await server.rest('GET', `/api/v1/apps/${app.id}/settings`, { key: app.secret })
    expect([after.status, after.body.error.code]).toEqual([404, 'app_not_found'])
    expect(pageErrors).toEqual([])
  })

  it('at 390 px in 中文, by keyboard: the labels and the warning are Chinese, Escape closes it, nothing is deleted', async () => {
    const app = (await server.rest('POST', '/api/v1/apps', { body: { name: '临时应用' } })).body as { id: string; secret: string }
    const page = await (await newContext(browser, { locale: 'zh-CN', phone: true })).newPage()
    await consoleSignIn(page, server.url, OWNER.email, OWNER.password)
    await page.goto(`${server.url}/console#/apps`)
    const open = page.getByRole('row').filter({ hasText: '临时应用' }).getByRole('button', { name: '删除应用' })
    await open.focus()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('alertdialog', { name: '永久删除 临时应用' })
    await panel.waitFor()
    await panel.getByText('此操作无法撤销').waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.type(server.operatorKey)
    await page.keyboard.press('Tab')
    await page.keyboard.type(app.id)
    expect(await panel.getByLabel('运维密钥').inputValue()).toBe(server.operatorKey)
    expect(await panel.getByRole('button', { name: '删除此应用' }).isDisabled()).toBe(false)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'console-delete-app-zh-phone')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/settings`, { key: app.secret })).status).toBe(200)
  })
})
