import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** Signs in to the chat app at `url` as a demo user and waits until the app knows who that is. */
export async function signInAs(page: Page, url: string, userId: string): Promise<void> {
  await page.goto(url)
  await page.getByTestId(`demo-user-${userId}`).click()
  await expect.poll(() => page.getByTestId('me-name').textContent()).not.toBe('…')
}
