import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ssoSignIn } from '../../../src/console/sso/sso-sign-in.js'
import { loadSsoSettings, type SsoSettings } from '../../../src/console/sso/sso-settings.js'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { ENGINES } from '../engine-fixture.js'

const settings = (overrides: Record<string, string> = {}): SsoSettings =>
  loadSsoSettings({
    WARBLER_OIDC_ISSUER: 'https://login.example.com',
    WARBLER_OIDC_CLIENT_ID: 'warbler',
    WARBLER_OIDC_REDIRECT_URI: 'https://chat.example.com/api/v1/console/sso/callback',
    WARBLER_OIDC_ROLE_MAP: 'owners=owner,admins=admin,staff=viewer',
    ...overrides,
  })!
const origin = { ip: '203.0.113.1', userAgent: 'test' }

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`SSO sign-in decisions on the console store (${engine.name})`, () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer({ config: engine.setup().config })
    })
    afterAll(async () => {
      await server?.close()
      await engine.cleanup()
    })
    const signIn = (claims: Record<string, unknown>, options?: Record<string, string>) => ssoSignIn(server.server.context, settings(options), claims, origin)

    it('wants an email the provider verified, unless told to trust it', async () => {
      expect(await signIn({ sub: '1', groups: ['staff'] })).toMatchObject({ ok: false, reason: 'no_email' })
      expect(await signIn({ sub: '1', email: 'not-an-email', groups: ['staff'] })).toMatchObject({ ok: false, reason: 'no_email' })
      expect(await signIn({ sub: '1', email: 'eve@example.com', groups: ['staff'] })).toMatchObject({ ok: false, reason: 'email_unverified', email: 'eve@example.com' })
      expect(await server.server.context.storage.console.getAccountByEmail('eve@example.com')).toBeUndefined()
      const trusted = await signIn({ sub: '1', upn: ' Eve@Example.com ', groups: ['staff'] }, { WARBLER_OIDC_TRUST_EMAIL: 'true', WARBLER_OIDC_EMAIL_CLAIM: 'upn' })
      expect(trusted).toMatchObject({ ok: true, created: true, account: { email: 'eve@example.com', role: 'viewer' } })
    })

    it('opens a session the console accepts', async () => {
      const result = await signIn({ sub: '2', email: 'sid@example.com', email_verified: true, groups: ['admins'] })
      if (!result.ok) throw new Error(result.reason)
      expect((await server.server.context.console.authenticate(result.sessionId))?.account).toMatchObject({ email: 'sid@example.com', role: 'admin' })
    })

    it('is the same account as a password account with that email, given the mapped role', async () => {
      await server.server.context.console.createAccount({ email: 'pat@example.com', password: 'a long password', role: 'viewer' })
      const result = await signIn({ sub: '3', email: 'pat@example.com', email_verified: true, groups: ['admins'] })
      expect(result).toMatchObject({ ok: true, created: false, roleChanged: true, account: { email: 'pat@example.com', role: 'admin' } })
    })

    it('never demotes the last active owner', async () => {
      const first = await signIn({ sub: '4', email: 'olga@example.com', email_verified: true, groups: ['owners'] })
      expect(first).toMatchObject({ ok: true, account: { role: 'owner' } })
      const demoted = await signIn({ sub: '4', email: 'olga@example.com', email_verified: true, groups: ['staff'] })
      expect(demoted).toMatchObject({ ok: true, roleChanged: false, keptRole: 'owner', account: { role: 'owner' } })
    })

    it('creates one account when the same new person signs in twice at once', async () => {
      const claims = { sub: '5', email: 'twin@example.com', email_verified: true, groups: ['staff'] }
      const results = await Promise.all([signIn(claims), signIn(claims)])
      expect(results.every((result) => result.ok)).toBe(true)
      expect((await server.server.context.storage.console.listAccounts()).filter((account) => account.email === 'twin@example.com')).toHaveLength(1)
    })
  })
}
