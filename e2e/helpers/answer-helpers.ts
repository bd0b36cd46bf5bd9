import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { E2eServer } from './e2e-server.js'

/** Waits until every document of the demo assistant's knowledge base (Warbler's docs) is indexed. */
export async function docsIndexed(server: E2eServer): Promise<void> {
  const app = server.demo.appId
  const { body: list } = await server.rest('GET', `/api/v1/apps/${app}/knowledge-bases`)
  const kb = (list.items as { id: string; name: string }[]).find((entry) => entry.name === 'Warbler documentation')!
  const deadline = Date.now() + 60_000
  for (;;) {
    const { body } = await server.rest('GET', `/api/v1/apps/${app}/knowledge-bases/${kb.id}/documents?limit=500`)
    const documents: { status: string }[] = body.items ?? []
    if (documents.length > 0 && documents.every((document) => document.status === 'ready')) return
    if (Date.now() > deadline) throw new Error('the demo documentation was not indexed within 60 s')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Asks the assistant in the open conversation and returns the locator of its answer once final. */
export async function ask(page: Page, question: string, expected: RegExp) {
  const before = await page.getByTestId('message').count()
  await page.getByTestId('composer').fill(question)
  await page.keyboard.press('Enter')
  const answer = page.getByTestId('message').filter({ hasText: expected }).last()
  await answer.waitFor({ timeout: 20_000 })
  expect(await page.getByTestId('message').count()).toBeGreaterThan(before)
  return answer
}
