import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** A person the test provider knows: the login name typed at its sign-in page, and their claims. */
export interface ProviderPerson {
  email: string
  email_verified: boolean
  name: string
  groups: string[]
}

/** A real OpenID provider (`oidc-provider`) on 127.0.0.1 with its development login and consent pages. */
export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  close(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (the Warbler server's callback must be registered before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/**
 * Starts the provider with one confidential client whose only redirect URI is `redirectUri`,
 * PKCE required, and the claims `email`, `email_verified`, `name` and `groups` released through
 * the userinfo endpoint (as oidc-provider does by default for the code flow).
 */
export async function startTestProvider(redirectUri: string, people: Record<string, ProviderPerson>): Promise<TestProvider> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = 'warbler-console'
  const clientSecret = 'test-provider-client-secret-0123456789abcdef'
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, id) {
      const person = people[id]
      if (!person) return undefined
      return { accountId: id, claims: async () => ({ sub: id, ...person }) }
    },
  })
  // The development pages warn on every start; the test does not need to hear it.
  provider.on('server_error', (_context, error) => console.error('oidc-provider', error))
  server.on('request', provider.callback())
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
