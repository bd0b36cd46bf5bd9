import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsoleService } from '../../src/console/console-service.js'
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn } from './console-client.js'

describe('console sessions expire', () => {
  it('a session works until its expiry and not after (moving clock)', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    let now = 1_700_000_000_000
    const service = new ConsoleService(storage.console, { sessionTtlMs: 60_000, now: () => now })
    await service.createAccount({ email: 'a@example.com', password: 'long enough password', role: 'admin' })
    const { sessionId, expiresAt } = await service.signIn('a@example.com', 'long enough password', { ip: '127.0.0.1', userAgent: 'test' })
    expect(expiresAt).toBe(now + 60_000)
    now += 59_999
    expect((await service.authenticate(sessionId))?.account.email).toBe('a@example.com')
    now += 1
    expect(await service.authenticate(sessionId)).toBeUndefined()
    now -= 10_000
    expect(await service.authenticate(sessionId)).toBeUndefined()
    await storage.close()
  })

  describe('over HTTP', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer()
    })
    afterAll(async () => server.close())

    it('an expired session is refused with 401', async () => {
      const client = await signIn(server, await createOwner(server))
      expect((await client.call('GET', '/apps')).status).toBe(200)
      const db = (server.server.context.storage as unknown as { db: { prepare(sql: string): { run(...args: unknown[]): unknown } } }).db
      db.prepare('UPDATE console_sessions SET expires_at = ?').run(Date.now() - 1)
      const answer = await client.call('GET', '/apps')
      expect(answer.status).toBe(401)
      expect(answer.body.error.code).toBe('unauthenticated')
    })
  })
})
