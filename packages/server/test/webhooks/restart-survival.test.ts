import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver } from './receiver.js'

describe('webhook deliveries survive a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-webhook-restart-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('delivers after a restart an event whose receiver was down while the server stopped', async () => {
    const receiver = await TestReceiver.start()
    receiver.answer = () => ({ status: 503, body: 'maintenance' })
    // retries every 300 ms; the test stops the server after the first failure
    const settings = { ...FAST_WEBHOOKS, retryScheduleMs: [300] }
    const first = await startTestServer({ dataDir, server: { webhooks: settings } })
    const app = await first.createApp()
    await createUsers(first, app, ['alice', 'bob'])
    const hook = await first.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}/restart`, events: ['message.created'] } })
    const sent = await first.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', to: 'bob', body: { type: 'text', text: 'survive this' } } })
    const [failed] = await receiver.waitFor(1)
    await first.close()
    const attemptsBeforeRestart = receiver.requests.length

    receiver.answer = () => ({ status: 200, body: 'back' })
    const second = await startTestServer({ dataDir, server: { webhooks: settings } })
    try {
      const [, delivered] = await receiver.waitFor(attemptsBeforeRestart + 1)
      expect(delivered!.body).toBe(failed!.body)
      expect(JSON.parse(delivered!.body).data.message).toMatchObject({ seq: sent.body.seq, body: { text: 'survive this' } })
      let log = await second.rest('GET', `/api/v1/apps/${app.id}/webhooks/${hook.body.id}/deliveries`, { secret: app.secret })
      for (let tries = 0; log.body.deliveries[0]?.status !== 'succeeded' && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        log = await second.rest('GET', `/api/v1/apps/${app.id}/webhooks/${hook.body.id}/deliveries`, { secret: app.secret })
      }
      expect(log.body.deliveries).toHaveLength(1)
      expect(log.body.deliveries[0]).toMatchObject({ status: 'succeeded', lastStatusCode: 200 })
      expect(log.body.deliveries[0].attempts).toBeGreaterThanOrEqual(2)
    } finally {
      await second.close()
      await receiver.close()
    }
  })
})
