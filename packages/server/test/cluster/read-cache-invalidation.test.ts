import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

const skip = await redisSkipReason()
if (skip) console.warn(`read cache invalidation across nodes skipped: ${skip}`)

/** Retries `attempt` until `done(result)` holds or 3 s pass (well under the caches' 30 s lifetime). */
async function eventually<T>(attempt: () => Promise<T>, done: (result: T) => boolean): Promise<T> {
  const deadline = Date.now() + 3000
  for (;;) {
    const result = await attempt()
    if (done(result) || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Node B caches what sends read (membership, mutes, member lists, blocks); changes made through
 * node A must reach node B's caches through the bus, not after the caches' lifetime.
 */
describe.skipIf(skip !== undefined)('read caches across two nodes (Redis bus)', () => {
  let dataDir: string
  let nodeA: TestServer
  let nodeB: TestServer
  const clients: RawClient[] = []
  const connect = async (node: TestServer, token: string) => {
    const client = await RawClient.connect(node.url, token)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'warbler-cache-cluster-'))
    const config = { redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
    nodeA = await startTestServer({ dataDir, config })
    nodeB = await startTestServer({ dataDir, config })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await nodeB?.close()
    await nodeA?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses a removed or muted member and reaches a new member on the other node', async () => {
    const app = await nodeA.createApp()
    const tokens = await createUsers(nodeA, app, ['alice', 'bob', 'carol'])
    const aliceOnA = await connect(nodeA, tokens.alice!)
    const bobOnB = await connect(nodeB, tokens.bob!)
    const carolOnB = await connect(nodeB, tokens.carol!)
    const group = (await aliceOnA.request({ type: 'group.create', name: 'Cache', memberIds: ['bob'] })).data.id as string
    // warm node B's caches: bob's membership and the member list
    expect((await bobOnB.sendMessage(group, 'first')).type).toBe('ack')

    expect((await aliceOnA.request({ type: 'group.mute-member', conversationId: group, userId: 'bob', durationSeconds: 600 })).type).not.toBe('error')
    expect(await eventually(() => bobOnB.sendMessage(group, 'muted?'), (answer) => answer.code === 'member_muted')).toMatchObject({ code: 'member_muted' })
    expect((await aliceOnA.request({ type: 'group.mute-member', conversationId: group, userId: 'bob', durationSeconds: 0 })).type).not.toBe('error')
    expect(await eventually(() => bobOnB.sendMessage(group, 'unmuted'), (answer) => answer.type === 'ack')).toMatchObject({ type: 'ack' })

    expect((await aliceOnA.request({ type: 'group.invite', conversationId: group, userIds: ['carol'] })).type).not.toBe('error')
    const seen = await eventually(
      async () => {
        const ack = await bobOnB.sendMessage(group, 'hello carol')
        return carolOnB.waitFor((frame) => frame.type === 'event' && frame.seq === ack.seq, 200).catch(() => undefined)
      },
      (frame) => frame !== undefined,
    )
    expect(seen?.body.text).toBe('hello carol')

    expect((await aliceOnA.request({ type: 'group.remove', conversationId: group, userIds: ['bob'] })).type).not.toBe('error')
    expect(await eventually(() => bobOnB.sendMessage(group, 'still here?'), (answer) => answer.code === 'not_member')).toMatchObject({ code: 'not_member' })
  })

  it('refuses a direct message once the peer has blocked the sender on the other node', async () => {
    const app = await nodeA.createApp()
    const tokens = await createUsers(nodeA, app, ['dora', 'eve'])
    const doraOnA = await connect(nodeA, tokens.dora!)
    const eveOnB = await connect(nodeB, tokens.eve!)
    const direct = (await eveOnB.request({ type: 'conversation.open-direct', peerId: 'dora' })).data.id as string
    expect((await eveOnB.sendMessage(direct, 'hi dora')).type).toBe('ack')
    expect((await doraOnA.request({ type: 'block.add', userId: 'eve' })).type).not.toBe('error')
    expect(await eventually(() => eveOnB.sendMessage(direct, 'hi again'), (answer) => answer.code === 'blocked')).toMatchObject({ code: 'blocked' })
  })
})
