import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from '../../../../../e2e/helpers/axe.js'
import { browserAvailability, launchBrowser, newContext } from '../../../../../e2e/helpers/browser.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { ENGINES } from '../engine-fixture.js'
import { freePort, startTestProvider, type ProviderPerson, type TestProvider } from './oidc-provider-fixture.js'

const PEOPLE: Record<string, ProviderPerson> = {
  ada: { email: 'Ada@Example.com', email_verified: true, name: 'Ada Admin', groups: ['staff', 'warbler-admins'] },
  sam: { email: 'sam@example.com', email_verified: true, name: 'Sam Sales', groups: ['sales'] },
  vic: { email: 'vic@example.com', email_verified: true, name: 'Vic Viewer', groups: ['staff'] },
}
const OIDC_VARIABLES = ['WARBLER_OIDC_ISSUER', 'WARBLER_OIDC_CLIENT_ID', 'WARBLER_OIDC_CLIENT_SECRET', 'WARBLER_OIDC_REDIRECT_URI', 'WARBLER_OIDC_PROVIDER_NAME', 'WARBLER_OIDC_SCOPES', 'WARBLER_OIDC_ROLE_MAP'] as const

/** Signs in at the provider's development pages (any password) and consents. */
async function loginAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any password')
  await page.locator('button[type="submit"]').click()
  const consent = page.getByRole('button', { name: 'Continue' })
  await consent.click({ timeout: 30_000 })
}

/**
 * Rewrites one parameter of the authorization request on its way to the provider: the redirect
 * Warbler answers `/sso/start` with is taken in flight (its attempt cookie kept) and sent on changed.
 */
async function tamperAuthorizationRequest(page: Page, parameter: 'state' | 'nonce'): Promise<void> {
  await page.route((url) => url.pathname === '/api/v1/console/sso/start', async (route) => {
    const response = await route.fetch({ maxRedirects: 0 })
    const location = new URL(response.headers().location!)
    location.searchParams.set(parameter, `${location.searchParams.get(parameter)}x`)
    await route.fulfill({ response, headers: { ...response.headers(), location: location.href } })
  })
}

/** A sign-in is several page loads at two servers; on a shared 2-core machine that can take a while. */
const FLOW_TIMEOUT = 90_000

const browsers = browserAvailability()

for (const engine of ENGINES) {
  const suite = engine.skip || !browsers.run ? describe.skip : describe
  suite(`console SSO with a real OpenID provider, in Chromium (${engine.name})`, { timeout: FLOW_TIMEOUT }, () => {
    let server: TestServer
    let provider: TestProvider
    let browser: Browser

    beforeAll(async () => {
      const port = await freePort()
      const redirectUri = `http://127.0.0.1:${port}/api/v1/console/sso/callback`
      provider = await startTestProvider(redirectUri, PEOPLE)
      Object.assign(process.env, {
        WARBLER_OIDC_ISSUER: provider.issuer,
        WARBLER_OIDC_CLIENT_ID: provider.clientId,
        WARBLER_OIDC_CLIENT_SECRET: provider.clientSecret,
        WARBLER_OIDC_REDIRECT_URI: redirectUri,
        WARBLER_OIDC_PROVIDER_NAME: 'Acme ID',
        WARBLER_OIDC_SCOPES: 'openid email profile groups',
        WARBLER_OIDC_ROLE_MAP: 'warbler-owners=owner,warbler-admins=admin,support=agent,staff=viewer',
      })
      try {
        server = await startTestServer({ config: { ...engine.setup().config, port } })
      } finally {
        for (const name of OIDC_VARIABLES) delete process.env[name]
      }
      // With no owner the console offers its first-run setup instead of the sign-in page.
      const owner = await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { email: 'owner@example.com', password: 'correct horse battery' } })
      expect(owner.status).toBe(201)
      browser = await launchBrowser()
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
      await server?.close()
      await provider?.close()
      await engine.cleanup()
    })

    const audit = (action: string) => server.server.context.storage.console.listAudit({ action, limit: 50 })

    it('signs a mapped person in: "Sign in with Acme ID", the provider, then the console with the mapped role (account created just in time)', async () => {
      const page = await (await newContext(browser)).newPage()
      await page.goto(`${server.url}/console`)
      await page.getByRole('link', { name: 'Sign in with Acme ID' }).click()
      await page.waitForURL(`${provider.issuer}/**`)
      await loginAtProvider(page, 'ada')
      await page.getByTestId('account').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/console')
      await expect.poll(() => page.getByTestId('account').textContent()).toContain('ada@example.com')
      expect(await page.getByTestId('account').textContent()).toContain('Admin')
      const session = await page.evaluate(async () => (await fetch('/api/v1/console/session')).json())
      expect(session.account).toMatchObject({ email: 'ada@example.com', name: 'Ada Admin', role: 'admin' })
      expect(session.permissions).toContain('apps.manage')
      expect(session.permissions).not.toContain('accounts.manage')
      // The account cannot be signed into with a password (it has none anyone knows), and the flow cookie is gone.
      const cookies = await page.context().cookies()
      expect(cookies.map((cookie) => cookie.name)).not.toContain('warbler_sso')
      expect(await audit('console.sso-sign-in')).toEqual([expect.objectContaining({ actorId: 'ada@example.com', details: expect.objectContaining({ role: 'admin', provider: 'Acme ID' }) })])
      expect(await audit('console.account-create')).toEqual([expect.objectContaining({ target: 'ada@example.com (admin)', details: { via: 'sso', provider: 'Acme ID' } })])
      await page.context().close()
    })

    it('follows the provider on the next sign-in: a changed group changes the role', async () => {
      PEOPLE.ada!.groups = ['staff']
      try {
        const page = await (await newContext(browser)).newPage()
        await page.goto(`${server.url}/console`)
        await page.getByTestId('sso-sign-in').click()
        await loginAtProvider(page, 'ada')
        await page.getByTestId('account').waitFor({ timeout: 30_000 })
        expect(await page.getByTestId('account').textContent()).toContain('Viewer')
        expect((await server.server.context.storage.console.getAccountByEmail('ada@example.com'))?.role).toBe('viewer')
        await page.context().close()
      } finally {
        PEOPLE.ada!.groups = ['staff', 'warbler-admins']
      }
    })

    it('keeps out an account an owner disabled in the console, whatever the provider says', async () => {
      const account = await server.server.context.storage.console.getAccountByEmail('ada@example.com')
      await server.server.context.console.updateAccount(account!.id, { disabled: true })
      const page = await (await newContext(browser)).newPage()
      await page.goto(`${server.url}/console`)
      await page.getByTestId('sso-sign-in').click()
      await loginAtProvider(page, 'ada')
      await page.getByTestId('sso-error').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('sso-error').textContent()).toBe('Your console account is disabled. Ask an owner to enable it.')
      expect(await page.evaluate(async () => (await fetch('/api/v1/console/session')).status)).toBe(401)
      await page.context().close()
    })

    it('refuses, in words, a person whose groups map to no role, and creates no account (English, and 中文 at phone width; WCAG AA)', async () => {
      const page = await (await newContext(browser)).newPage()
      await page.goto(`${server.url}/console`)
      await page.getByTestId('sso-sign-in').click()
      await loginAtProvider(page, 'sam')
      await page.getByTestId('sso-error').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('sso-error').textContent()).toBe(
        'Your account at the sign-in provider is not in a group that may use this console. Ask your administrator to add you, then sign in again.',
      )
      expect(new URL(page.url()).search).toBe('')
      // The sign-in page with its SSO button and the refusal meets WCAG 2.1 AA (axe-core: nothing serious).
      expect(await seriousViolations(page)).toEqual([])
      expect(await page.getByTestId('account').count()).toBe(0)
      expect(await server.server.context.storage.console.getAccountByEmail('sam@example.com')).toBeUndefined()
      await page.context().close()

      const zh = await (await newContext(browser, { locale: 'zh-CN', phone: true })).newPage()
      await zh.goto(`${server.url}/console`)
      await zh.getByRole('link', { name: '使用 Acme ID 登录' }).click()
      await loginAtProvider(zh, 'sam')
      await zh.getByTestId('sso-error').waitFor({ timeout: 30_000 })
      expect(await zh.getByTestId('sso-error').textContent()).toBe('你在登录服务中的账号不属于可以使用此控制台的组。请联系管理员把你加入后再登录。')
      expect(await seriousViolations(zh)).toEqual([])
      await zh.context().close()
      const refusedEntries = await audit('console.sso-refused')
      expect(refusedEntries.filter((entry) => entry.details?.reason === 'no_role').map((entry) => entry.actorId)).toEqual(['sam@example.com', 'sam@example.com'])
    })

    for (const parameter of ['state', 'nonce'] as const) {
      it(`refuses the answer when the ${parameter} was tampered with on the way`, async () => {
        const page = await (await newContext(browser)).newPage()
        await tamperAuthorizationRequest(page, parameter)
        await page.goto(`${server.url}/console`)
        await page.getByTestId('sso-sign-in').click()
        await loginAtProvider(page, 'vic')
        await page.getByTestId('sso-error').waitFor({ timeout: 30_000 })
        expect(await page.getByTestId('sso-error').textContent()).toBe('The answer from the sign-in provider could not be trusted, so you were not signed in. Please sign in again.')
        const session = await page.evaluate(async () => (await fetch('/api/v1/console/session')).status)
        expect(session).toBe(401)
        expect(await server.server.context.storage.console.getAccountByEmail('vic@example.com')).toBeUndefined()
        const [entry] = await audit('console.sso-refused')
        expect(entry?.details).toMatchObject({ reason: 'invalid_response', message: expect.stringMatching(parameter === 'state' ? /state/ : /nonce/) })
        await page.context().close()
      })
    }

    it('refuses a callback without the attempt it belongs to, and keeps the chain verifiable', async () => {
      const page = await (await newContext(browser)).newPage()
      await page.goto(`${server.url}/api/v1/console/sso/callback?code=forged&state=forged`)
      await page.getByTestId('sso-error').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('sso-error').textContent()).toMatch(/took too long or was started in another window/)
      await page.context().close()
      expect((await server.server.context.compliance.chain.verify()).ok).toBe(true)
    })

    it('turns back a flood of forged callbacks after 20 refusals from one address, without writing more audit entries', async () => {
      let throttledAfter = -1
      for (let attempt = 0; attempt < 25 && throttledAfter < 0; attempt++) {
        const response = await fetch(`${server.url}/api/v1/console/sso/callback?code=forged&state=forged`, { redirect: 'manual' })
        if (response.headers.get('location') === '/console?sso_error=throttled') throttledAfter = attempt
        else expect(response.headers.get('location')).toBe('/console?sso_error=expired')
      }
      expect(throttledAfter).toBeGreaterThan(0)
      expect(await audit('console.sso-refused')).toHaveLength(20)
      const page = await (await newContext(browser)).newPage()
      await page.goto(`${server.url}/console?sso_error=throttled`)
      await page.getByTestId('sso-error').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('sso-error').textContent()).toBe('Too many failed sign-ins. Wait a few minutes and try again.')
      await page.context().close()
    })
  })
}
