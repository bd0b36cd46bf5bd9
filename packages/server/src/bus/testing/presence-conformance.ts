import { describe, expect, it } from 'vitest'
import type { PresenceStore } from '../presence.js'

/**
 * The presence conformance suite. `openNodes(n)` returns the presence stores of n nodes of one
 * cluster, with nothing recorded yet (for the memory store, one shared instance stands for all).
 *
 * @example
 * ```ts
 * describePresence('memory', async (count) => { const store = new MemoryPresenceStore(); return Array(count).fill(store) })
 * ```
 */
export function describePresence(name: string, openNodes: (count: number) => Promise<PresenceStore[]>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`PresenceStore conformance: ${name}`, () => {
    it('sees a session heartbeated on one node from every node, per app', async () => {
      const [a, b] = await two(openNodes)
      await a.heartbeat('app', 'alice', { sessionId: 's1', nodeId: 'node-a' }, 60_000)
      expect(await b.isOnline('app', ['alice', 'bob'])).toEqual(new Set(['alice']))
      expect(await b.isOnline('other-app', ['alice'])).toEqual(new Set())
      expect(await b.isOnline('app', [])).toEqual(new Set())
    })

    it('lists the sessions of a user on every node, and keeps the user online until the last one goes', async () => {
      const [a, b] = await two(openNodes)
      await a.heartbeat('app', 'alice', { sessionId: 'phone', nodeId: 'node-a' }, 60_000)
      await b.heartbeat('app', 'alice', { sessionId: 'laptop', nodeId: 'node-b' }, 60_000)
      const sessions = await a.sessions('app', 'alice')
      expect(sessions.map(({ sessionId, nodeId }) => ({ sessionId, nodeId })).sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual([
        { sessionId: 'laptop', nodeId: 'node-b' },
        { sessionId: 'phone', nodeId: 'node-a' },
      ])
      expect(sessions.every((session) => session.expiresAt > Date.now())).toBe(true)
      await a.remove('app', 'alice', 'phone')
      expect(await b.isOnline('app', ['alice'])).toEqual(new Set(['alice']))
      await b.remove('app', 'alice', 'laptop')
      expect(await a.isOnline('app', ['alice'])).toEqual(new Set())
      expect(await a.sessions('app', 'alice')).toEqual([])
    })

    it('drops a session whose heartbeats stop (a crashed node), and renews one that keeps beating', async () => {
      const [a, b] = await two(openNodes)
      await a.heartbeat('app', 'crashed', { sessionId: 's1', nodeId: 'node-a' }, 150)
      await b.heartbeat('app', 'alive', { sessionId: 's2', nodeId: 'node-b' }, 150)
      await new Promise((resolve) => setTimeout(resolve, 100))
      await b.heartbeat('app', 'alive', { sessionId: 's2', nodeId: 'node-b' }, 150)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await b.isOnline('app', ['crashed', 'alive'])).toEqual(new Set(['alive']))
      expect(await a.sessions('app', 'crashed')).toEqual([])
    })

    it('remembers when a user was last seen', async () => {
      const [a, b] = await two(openNodes)
      const before = Date.now()
      await a.heartbeat('app', 'alice', { sessionId: 's1', nodeId: 'node-a' }, 60_000)
      await a.remove('app', 'alice', 's1')
      const seen = await b.lastSeen('app', ['alice', 'never'])
      expect([...seen.keys()]).toEqual(['alice'])
      expect(seen.get('alice')).toBeGreaterThanOrEqual(before)
      expect(seen.get('alice')).toBeLessThanOrEqual(Date.now())
      expect(await b.lastSeen('other-app', ['alice'])).toEqual(new Map())
    })
  })
}

async function two(openNodes: (count: number) => Promise<PresenceStore[]>): Promise<[PresenceStore, PresenceStore]> {
  const nodes = await openNodes(2)
  return [nodes[0]!, nodes[nodes.length - 1]!]
}
