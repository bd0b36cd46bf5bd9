import { CLOSE_CODES } from '@warbler/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('a banned user re-authenticating', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  // docs/protocol.md: 4003 means `token_revoked` or `user_banned` (stop); 4001 means get a fresh token.
  it('is refused with user_banned and close code 4003, not 4001', async () => {
    const app = await server.createApp()
    const { alice } = await createUsers(server, app, ['alice'])
    const banned = await server.rest('PUT', `/api/v1/apps/${app.id}/users/alice/ban`, { secret: app.secret, body: { banned: true } })
    expect(banned.status).toBe(200)
    const client = await RawClient.open(server.url)
    const answer = await client.request({ type: 'auth', token: alice })
    expect(answer).toMatchObject({ type: 'error', code: 'user_banned' })
    expect(await client.closed()).toBe(CLOSE_CODES.tokenRevoked)
    expect(CLOSE_CODES.tokenRevoked).toBe(4003)
  })
})
