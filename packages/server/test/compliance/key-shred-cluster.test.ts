import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import type { AppKeyring } from '../../src/compliance/keys/app-keyring.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

const redisSkip = await redisSkipReason()

/** Retries until `done` holds or 3 s pass. */
async function eventually<T>(attempt: () => Promise<T>, done: (result: T) => boolean): Promise<T> {
  const deadline = Date.now() + 3000
  for (;;) {
    const result = await attempt()
    if (done(result) || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const keyringOf = (node: TestServer) => (node.server.context.boxes as { keyring?: AppKeyring }).keyring!

for (const engine of ENGINES) {
  describe.skipIf(engine.skip ?? redisSkip)(`crypto-shredding reaches every node (${engine.name}, Redis bus)`, () => {
    afterAll(() => engine.cleanup())

    it('a key destroyed on node A is dropped from node B at once: B can no longer read the app', async () => {
      // One cluster: a shared database and master key (the data dir), a shared bus.
      const dataDir = mkdtempSync(join(tmpdir(), 'warbler-shred-cluster-'))
      const { config } = engine.setup()
      const clusterConfig = { ...config, redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
      const nodeA = await startTestServer({ dataDir, config: clusterConfig })
      const nodeB = await startTestServer({ dataDir, config: clusterConfig })
      try {
        const app = await nodeA.createApp()
        const other = await nodeA.createApp('Other app')
        await createUsers(nodeA, app, ['ann', 'ben'])
        await createUsers(nodeA, other, ['ann'])
        const group = (await nodeA.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Ops', ownerId: 'ann', memberIds: ['ben'] } })).body
        await nodeA.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'ann', conversationId: group.id, body: { type: 'text', text: 'the secret plan' } } })
        const history = (node: TestServer, target = app, conversationId = group.id) =>
          node.rest('GET', `/api/v1/apps/${target.id}/conversations/${conversationId}/messages?limit=10`, { secret: target.secret })
        // Node B reads the history, so it holds the app's data key unwrapped in memory.
        const before = await history(nodeB)
        expect(before.status).toBe(200)
        expect(JSON.stringify(before.body)).toContain('the secret plan')
        const otherGroup = (await nodeB.rest('POST', `/api/v1/apps/${other.id}/groups`, { secret: other.secret, body: { name: 'Kept', ownerId: 'ann', memberIds: [] } })).body
        await nodeB.rest('POST', `/api/v1/apps/${other.id}/messages`, { secret: other.secret, body: { from: 'ann', conversationId: otherGroup.id, body: { type: 'text', text: 'still here' } } })

        expect(await keyringOf(nodeA).shred(app.id)).toBe(true)
        expect(await keyringOf(nodeA).shred(app.id)).toBe(false)

        // Node B dropped its copy: with the wrapped key gone from the database nothing opens the bodies.
        const after = await eventually(() => history(nodeB), (response) => response.status !== 200)
        expect(JSON.stringify(after.body)).not.toContain('the secret plan')
        await expect(keyringOf(nodeB).dataKey(app.id)).rejects.toThrow(/deleted/)
        // Another app's key is untouched on both nodes.
        for (const node of [nodeA, nodeB]) expect(JSON.stringify((await history(node, other, otherGroup.id)).body)).toContain('still here')
      } finally {
        await nodeB.close()
        await nodeA.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  })
}
