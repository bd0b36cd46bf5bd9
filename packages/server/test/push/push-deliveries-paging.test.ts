import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../compliance/engine-fixture.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Review finding: the delivery log's cursor was the last row's creation time alone (`created_at <
// before`), but one group message queues a push per member's device in the same millisecond, so a page
// ending inside such a burst lost the rest of it: following `next` skipped deliveries.
for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`push delivery log paging (${engine.name})`, () => {
    let server: TestServer
    let app: { id: string; secret: string }
    const users = ['u1', 'u2', 'u3', 'u4', 'u5']

    beforeAll(async () => {
      server = await startTestServer({ config: engine.setup().config })
      app = await server.createApp()
      await createUsers(server, app, users)
      const group = (await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'G', ownerId: 'u1', memberIds: users.slice(1) } })).body.id as string
      const burstAt = 1_700_000_000_000
      // One message's pushes (same creation time), then an older one; due far in the future, so none is sent meanwhile.
      await server.server.context.storage.push.enqueue([
        ...users.map((userId, index) => ({ appId: app.id, id: `pj_burst${index}`, userId, deviceId: 'd1', provider: 'webpush' as const, conversationId: group, seq: 2, payload: '{}', nextAttemptAt: Number.MAX_SAFE_INTEGER, messageAt: burstAt, createdAt: burstAt })),
        { appId: app.id, id: 'pj_older', userId: 'u1', deviceId: 'd1', provider: 'webpush' as const, conversationId: group, seq: 1, payload: '{}', nextAttemptAt: Number.MAX_SAFE_INTEGER, messageAt: burstAt - 5, createdAt: burstAt - 5 },
      ])
    })
    afterAll(async () => {
      await server?.close()
      await engine.cleanup()
    })

    it('lists every delivery once when `next` is passed back as `before`, a burst split across pages included', async () => {
      const seen: string[] = []
      let cursor: string | null = null
      for (let page = 0; page < 10; page++) {
        const answer = await server.rest('GET', `/api/v1/apps/${app.id}/push/deliveries?limit=2${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`, { secret: app.secret })
        expect(answer.status).toBe(200)
        seen.push(...(answer.body.items as { id: string }[]).map((item) => item.id))
        cursor = answer.body.next
        if (cursor === null) break
        expect(typeof cursor).toBe('string')
      }
      expect(seen).toHaveLength(6)
      expect(new Set(seen).size).toBe(6)
      expect(seen.at(-1)).toBe('pj_older')
    })

    it('still takes a creation time as `before` (the cursor of earlier versions), and refuses a malformed one', async () => {
      const older = await server.rest('GET', `/api/v1/apps/${app.id}/push/deliveries?before=1700000000000`, { secret: app.secret })
      expect(older.body.items.map((item: { id: string }) => item.id)).toEqual(['pj_older'])
      for (const bad of ['abc', '1.2.3', '-5', `${'9'.repeat(30)}`]) {
        const answer = await server.rest('GET', `/api/v1/apps/${app.id}/push/deliveries?before=${encodeURIComponent(bad)}`, { secret: app.secret })
        expect(answer.status, bad).toBe(400)
        expect(answer.body.error.code, bad).toBe('validation_failed')
      }
    })
  })
}
