import type { Page } from 'playwright-core'
import type { E2eServer } from './e2e-server.js'

/** Creates a console account: the owner with the operator key, others through an owner's session. */
export async function createOwner(server: E2eServer, email: string, password: string): Promise<void> {
  const created = await server.rest('POST', '/api/v1/console/owners', { body: { email, password, name: 'Olivia Owner' } })
  if (created.status !== 201) throw new Error(`owner: ${created.status} ${JSON.stringify(created.body)}`)
}

/** Signs in to the console in a page. */
export async function consoleSignIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/console`)
  await page.getByLabel(/Email|邮箱/).fill(email)
  await page.getByLabel(/Password|密码/).fill(password)
  await page.getByRole('button', { name: /Sign in|登录/ }).click()
  await page.getByTestId('account').waitFor()
}

/** Calls the console API from inside the page (its cookie, its origin) and returns the status. */
export async function statusFromPage(page: Page, method: string, path: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { 'x-warbler-console': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return response.status
    },
    { method, path, body },
  )
}
