import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.js'
import { signInAs } from './chat-helpers.js'
import { startE2eServer, type E2eServer } from './e2e-server.js'

/** What a chat suite runs against: a Warbler server with its demo, and Chromium. */
export interface ChatEnvironment {
  /** The running server; a test that restarts it on the same data dir may replace it. */
  server: E2eServer
  browser: Browser
  /** Signs a page in to the chat app as a demo user. */
  signInAs(page: Page, userId: string): Promise<void>
}

/**
 * Starts a server (with the seeded demo) and Chromium before the suite's tests, and closes both
 * after them, removing the server's data directory. Call inside `describe`; the fields are set
 * once `beforeAll` has run.
 *
 * @example
 * ```ts
 * describe('chat', () => {
 *   const env = useChatEnvironment()
 *   it('…', async () => {
 *     const page = await (await newContext(env.browser)).newPage()
 *     await env.signInAs(page, 'alice')
 *   })
 * })
 * ```
 */
export function useChatEnvironment(): ChatEnvironment {
  const env = { signInAs: (page: Page, userId: string) => signInAs(page, env.server.url, userId) } as ChatEnvironment
  beforeAll(async () => {
    env.server = await startE2eServer()
    env.browser = await launchBrowser()
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.server?.close().catch(() => undefined)
    if (env.server) rmSync(env.server.dataDir, { recursive: true, force: true })
  })
  return env
}
