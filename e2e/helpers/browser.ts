import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** The Debian Chromium the end-to-end tests drive (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.WARBLER_CHROMIUM ?? '/usr/bin/chromium'

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'e2e')

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a visible message, except
 * in CI (CI set), where a missing browser is a failure.
 */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(CHROMIUM_PATH)) return { run: true }
  const reason = `${CHROMIUM_PATH} is missing: install it with apt-get install -y chromium`
  if (process.env.CI) throw new Error(`end-to-end tests need Chromium in CI: ${reason}`)
  console.warn(`\n  ⚠ SKIPPING browser tests: ${reason}\n`)
  return { run: false, reason }
}

/** Launches headless Chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** A browser context (its own cookies and storage) at a size and in a language. */
export async function newContext(browser: Browser, options: { locale?: string; phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: options.phone ? { width: 390, height: 780 } : { width: 1280, height: 800 },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  })
}

/** Saves a full-page screenshot as `test-output/e2e/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false })
}
