import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../helpers/test-server.js'
import { freePort } from './oidc-provider-fixture.js'

describe('console SSO with the provider down', () => {
  let server: TestServer
  beforeAll(async () => {
    // A port nothing listens on: discovery fails to connect.
    const closed = await freePort()
    Object.assign(process.env, {
      WARBLER_OIDC_ISSUER: `http://127.0.0.1:${closed}`,
      WARBLER_OIDC_CLIENT_ID: 'warbler',
      WARBLER_OIDC_REDIRECT_URI: 'http://127.0.0.1:1/api/v1/console/sso/callback',
      WARBLER_OIDC_ROLE_MAP: 'staff=viewer',
    })
    try {
      server = await startTestServer()
    } finally {
      for (const name of ['WARBLER_OIDC_ISSUER', 'WARBLER_OIDC_CLIENT_ID', 'WARBLER_OIDC_REDIRECT_URI', 'WARBLER_OIDC_ROLE_MAP']) delete process.env[name]
    }
  })
  afterAll(() => server?.close())

  it('still starts, offers the button, and sends a click back to the sign-in page saying the provider cannot be reached', async () => {
    expect((await server.rest('GET', '/api/v1/console/sso')).body).toEqual({ enabled: true, provider: '127.0.0.1', startUrl: '/api/v1/console/sso/start' })
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await fetch(`${server.url}/api/v1/console/sso/start`, { redirect: 'manual' })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/console?sso_error=provider_unreachable')
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })

  it('refuses to start with settings it cannot use, naming the variable', async () => {
    process.env.WARBLER_OIDC_ISSUER = 'https://login.example.com'
    try {
      await expect(startTestServer()).rejects.toThrow(/WARBLER_OIDC_REDIRECT_URI is required/)
    } finally {
      delete process.env.WARBLER_OIDC_ISSUER
    }
  })
})
