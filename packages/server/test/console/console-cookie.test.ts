import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn } from './console-client.js'

describe('a console cookie that is not valid percent-encoding', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  const call = (method: string, path: string, cookie: string) =>
    fetch(`${server.url}${path}`, { method, headers: { cookie, 'x-warbler-console': '1' } }).then(async (response) => ({ status: response.status, body: await response.json() }))

  it('is no session: 401 unauthenticated on every console entry point, never 500, and the server keeps running', async () => {
    const owner = await signIn(server, await createOwner(server))
    const app = await server.createApp('Cookies')
    for (const cookie of ['warbler_console=%E0%A4%A', 'warbler_console=%', 'other=1; warbler_console=%zz']) {
      for (const [method, path] of [
        ['GET', '/api/v1/console/session'],
        ['GET', '/api/v1/console/apps'],
        ['GET', `/api/v1/console/apps/${app.id}/api/users`],
      ] as const) {
        const answer = await call(method, path, cookie)
        expect(answer.status, `${method} ${path} with ${cookie}`).toBe(401)
        expect(answer.body.error.code).toBe('unauthenticated')
      }
      const signOut = await call('DELETE', '/api/v1/console/session', cookie)
      expect(signOut.status).toBe(200)
    }
    expect((await owner.call('GET', '/session')).status).toBe(200)
  })
})
