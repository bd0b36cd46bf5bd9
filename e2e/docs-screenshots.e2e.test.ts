import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailability, launchBrowser } from './helpers/browser.js'
import { ask, docsIndexed } from './helpers/answer-helpers.js'
import { signInAs } from './helpers/chat-helpers.js'
import { consoleSignIn, createOwner } from './helpers/console-helpers.js'
import { startE2eServer, type E2eServer } from './helpers/e2e-server.js'

/**
 * The README's screenshots (`docs/screenshots/`): the chat app and the console at 1440×900 and
 * 390×844, in English and 中文, and the demo assistant's grounded answer at phone width. They are files in the repository, so this runs only when asked:
 * `WARBLER_DOCS_SCREENSHOTS=1 npx vitest run e2e/docs-screenshots.e2e.test.ts` (build the web app first).
 */
const wanted = process.env.WARBLER_DOCS_SCREENSHOTS === '1'
/** `WARBLER_DOCS_SCREENSHOTS_ONLY=chat` or `=console` refreshes one app's screenshots and leaves the other's files alone. */
const only = process.env.WARBLER_DOCS_SCREENSHOTS_ONLY
const NAMES = (['chat', 'console'] as const).filter((name) => only === undefined || only === name)
const availability = wanted ? browserAvailability() : { run: false }
const OUT = join(process.cwd(), 'docs', 'screenshots')
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const
const LOCALES = { en: 'en-US', zh: 'zh-CN' } as const

describe.skipIf(!availability.run)('README screenshots', { timeout: 180_000 }, () => {
  let server: E2eServer
  let browser: Browser

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    await createOwner(server, 'olivia@example.com', 'owner password 1')
    if (NAMES.includes('chat')) await docsIndexed(server)
    const { appId, appSecret, groupId } = server.demo
    const lines: [string, string][] = [
      ['bob', 'Morning! Are we still on for the launch review at 10?'],
      ['carol', 'Yes. I put the checklist in the shared drive:\n\n- release notes\n- **pricing page**\n- support macros'],
      ['alice', 'Great, I will bring the numbers from last week.'],
      ['bob', 'See you there 👍'],
    ]
    for (const [from, text] of lines) {
      const sent = await server.rest('POST', `/api/v1/apps/${appId}/messages`, { key: appSecret, body: { from, conversationId: groupId, body: { type: 'text', text } } })
      if (sent.status !== 200) throw new Error(`seed message: ${sent.status}`)
    }
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function pageFor(size: keyof typeof SIZES, language: keyof typeof LOCALES): Promise<Page> {
    const context = await browser.newContext({
      locale: LOCALES[language],
      viewport: SIZES[size],
      ...(size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    })
    return context.newPage()
  }

  it('chat and console, desktop and phone, English and 中文', async () => {
    mkdirSync(OUT, { recursive: true })
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      for (const language of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
        if (NAMES.includes('chat')) {
          const chat = await pageFor(size, language)
          await signInAs(chat, server.url, 'alice')
          await chat.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
          await chat.getByTestId('message').filter({ hasText: 'See you there' }).waitFor()
          await chat.screenshot({ path: join(OUT, `chat-${size}-${language}.png`) })
          await chat.context().close()
          if (size === 'phone') {
            // The demo assistant's answer: passages with their markdown, one list of source chips.
            const answerPage = await pageFor(size, language)
            await signInAs(answerPage, server.url, 'alice')
            await answerPage.locator('#new-chat-peer').fill('assistant')
            await answerPage.locator('.new-chat').getByRole('button', { name: language === 'zh' ? '打开' : 'Open' }).click()
            await answerPage.getByTestId('conversation-heading').filter({ hasText: 'Assistant' }).waitFor()
            const answer = language === 'zh' ? await ask(answerPage, '怎么部署集群？', /以下是知识库中的相关内容/) : await ask(answerPage, 'How do I deploy a cluster?', /Here is what I found/)
            await answer.getByTestId('citation').first().waitFor()
            await answer.scrollIntoViewIfNeeded()
            await answerPage.screenshot({ path: join(OUT, `chat-answer-${size}-${language}.png`) })
            await answerPage.context().close()
          }
        }
        if (!NAMES.includes('console')) continue
        const console = await pageFor(size, language)
        await consoleSignIn(console, server.url, 'olivia@example.com', 'owner password 1')
        await console.getByTestId('app-picker').selectOption({ label: 'Demo' })
        // The landing dashboard.
        await console.getByTestId('stat-people').waitFor()
        await console.getByTestId('activity').waitFor()
        await console.screenshot({ path: join(OUT, `console-dashboard-${size}-${language}.png`) })
        const open = async (route: string) => {
          if (size === 'phone') await console.locator('.menu-button').click()
          await console.locator(`#console-nav a[href="#/${route}"]`).click()
        }
        await open('users')
        await console.getByTestId('user-alice').waitFor()
        await console.screenshot({ path: join(OUT, `console-${size}-${language}.png`) })
        // A bot's settings beside its test chat, with the passages retrieval found.
        await open('bots')
        await console.getByTestId('bot-assistant').getByRole('button').click()
        await console.getByTestId('test-question').fill(language === 'zh' ? '怎么部署集群？' : 'How do I deploy a cluster?')
        await console.getByTestId('test-question').press('Enter')
        await console.getByTestId('test-passage').first().waitFor({ timeout: 20_000 })
        if (size === 'phone') await console.getByTestId('bot-test-chat').scrollIntoViewIfNeeded()
        await console.screenshot({ path: join(OUT, `console-bots-${size}-${language}.png`) })
        await console.context().close()
      }
    }
    // Each file is a PNG of the size it claims (width and height are bytes 16–23 of the IHDR chunk).
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      for (const name of [...NAMES, ...(NAMES.includes('console') ? ['console-dashboard', 'console-bots'] : []), ...(NAMES.includes('chat') && size === 'phone' ? ['chat-answer'] : [])]) {
        for (const language of Object.keys(LOCALES)) {
          const png = readFileSync(join(OUT, `${name}-${size}-${language}.png`))
          const scale = size === 'phone' ? 2 : 1
          expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${name}-${size}-${language}`).toEqual([SIZES[size].width * scale, SIZES[size].height * scale])
        }
      }
    }
  })
})
