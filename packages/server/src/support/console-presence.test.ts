import { describe, expect, it } from 'vitest'
import { MemoryBus } from '../bus/memory/memory-bus.js'
import { createPresenceStore, type PresenceStore } from '../bus/presence.js'
import { redisSkipReason } from '../bus/redis/testing/redis-test-server.js'
import { redisTestNodes } from '../bus/redis/testing/redis-test-nodes.js'
import type { Bus } from '../bus/bus.js'
import { ConsolePresence, createConsolePresenceStore, supportPresence } from './console-presence.js'

const skip = await redisSkipReason()
const openNodes = redisTestNodes()

/**
 * Console leases seen from two nodes (Redis: two buses sharing a prefix; memory, single-node by
 * nature: one store), beside the users' own presence of the first node's bus.
 */
function suite(name: string, open: () => Promise<{ a: PresenceStore; b: PresenceStore; bus: Bus }>, options: { skip?: string } = {}) {
  describe.skipIf(options.skip !== undefined)(`console presence (${name})`, () => {
    it('counts a console window for customer service on every node, apart from the user’s presence', async () => {
      const { a, b, bus } = await open()
      const consolesA = new ConsolePresence(a)
      const consolesB = new ConsolePresence(b)
      const sessions = createPresenceStore(bus)
      const userPresence = { query: async (appId: string, ids: readonly string[]) => { const online = await sessions.isOnline(appId, ids); return ids.map((userId) => ({ userId, online: online.has(userId) })) } }
      const support = supportPresence(userPresence, consolesB)

      await consolesA.hold('app_1', 'lin', 'lin@example.com', 'w1')
      expect([...(await consolesB.onlineAmong('app_1', ['lin', 'max']))]).toEqual(['lin'])
      expect(await support.query('app_1', ['lin', 'max'])).toEqual([{ userId: 'lin', online: true }, { userId: 'max', online: false }])
      // Not the user's presence (no device, nothing for friends), and not another app's agent.
      expect((await sessions.isOnline('app_1', ['lin'])).size).toBe(0)
      expect((await consolesB.onlineAmong('app_2', ['lin'])).size).toBe(0)
      // A WebSocket session counts too; a release by another account ends nothing.
      await sessions.heartbeat('app_1', 'max', { sessionId: 's1', nodeId: 'n1' }, 60_000)
      expect((await support.query('app_1', ['max']))[0]!.online).toBe(true)
      await consolesB.release('app_1', 'lin', 'olivia@example.com', 'w1')
      expect((await consolesB.onlineAmong('app_1', ['lin'])).size).toBe(1)
      await consolesB.release('app_1', 'lin', 'LIN@example.com', 'w1')
      expect((await consolesA.onlineAmong('app_1', ['lin'])).size).toBe(0)
    })
  })
}

suite('memory', async () => {
  const bus = new MemoryBus()
  const store = createConsolePresenceStore(bus)
  return { a: store, b: store, bus }
})
suite('redis', async () => {
  const [first, second] = await openNodes(2)
  return { a: createConsolePresenceStore(first!), b: createConsolePresenceStore(second!), bus: first! }
}, skip ? { skip } : {})
