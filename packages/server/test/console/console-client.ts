import type { TestServer } from '../helpers/test-server.js'

/** A console caller for tests: keeps the session cookie and sends the CSRF header. */
export interface ConsoleClient {
  cookie: string | undefined
  call(method: string, path: string, body?: unknown, options?: { csrf?: boolean }): Promise<{ status: number; body: any; headers: Headers }>
}

/** Creates an owner with the operator key. */
export async function createOwner(server: TestServer, email = 'owner@example.com', password = 'correct horse battery'): Promise<{ email: string; password: string }> {
  const created = await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { email, password, name: 'Owner' } })
  if (created.status !== 201) throw new Error(`createOwner: ${created.status} ${JSON.stringify(created.body)}`)
  return { email, password }
}

/** A console client, not signed in yet. */
export function consoleClient(server: TestServer): ConsoleClient {
  const client: ConsoleClient = {
    cookie: undefined,
    async call(method, path, body, options = {}) {
      const headers: Record<string, string> = { 'user-agent': 'console-test/1.0' }
      if (options.csrf !== false) headers['x-warbler-console'] = '1'
      if (client.cookie) headers.cookie = client.cookie
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${server.url}/api/v1/console${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      const setCookie = response.headers.get('set-cookie')
      if (setCookie) client.cookie = setCookie.split(';')[0]
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // CSV
      }
      return { status: response.status, body: parsed, headers: response.headers }
    },
  }
  return client
}

/** Signs in and returns the client; throws when sign-in fails. */
export async function signIn(server: TestServer, credentials: { email: string; password: string }): Promise<ConsoleClient> {
  const client = consoleClient(server)
  const answer = await client.call('POST', '/session', credentials)
  if (answer.status !== 200) throw new Error(`signIn: ${answer.status} ${JSON.stringify(answer.body)}`)
  return client
}
