import { afterEach, describe, expect, it } from 'vitest'
import type { Bus } from '../bus.js'

/** Waits until `check` passes or the deadline passes (then throws the last failure). */
async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

/**
 * The bus conformance suite. `openNodes(n)` returns n buses that are different nodes of one
 * cluster (for the memory bus, one shared instance stands for all: it has one node only).
 */
export function describeBus(name: string, openNodes: (count: number) => Promise<Bus[]>, options: { skip?: string; singleNode?: boolean } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`Bus conformance: ${name}`, () => {
    let nodes: Bus[] = []
    afterEach(async () => {
      await Promise.all(nodes.map((node) => node.close()))
      nodes = []
    })

    it('delivers a publish to every subscriber, in publish order, on every node', async () => {
      nodes = await openNodes(2)
      const [a, b] = [nodes[0]!, nodes[nodes.length - 1]!]
      const channel = `test.order.${Math.random()}`
      const seenA: string[] = []
      const seenB: string[] = []
      await a.subscribe(channel, (payload) => seenA.push(payload))
      await b.subscribe(channel, (payload) => seenB.push(payload))
      for (let index = 0; index < 100; index++) await a.publish(channel, `m${index}`)
      const expected = Array.from({ length: 100 }, (_, index) => `m${index}`)
      await eventually(() => {
        expect(seenA).toEqual(expected)
        expect(seenB).toEqual(expected)
      })
    })

    it('carries any unicode and large payloads unchanged', async () => {
      nodes = await openNodes(2)
      const channel = `test.bytes.${Math.random()}`
      const received: string[] = []
      await nodes[nodes.length - 1]!.subscribe(channel, (payload) => received.push(payload))
      const payloads = ['你好 👋🏽 \u0000 \uD83D', 'x'.repeat(512 * 1024), '']
      for (const payload of payloads) await nodes[0]!.publish(channel, payload)
      await eventually(() => expect(received).toEqual(payloads))
    })

    it('stops delivering after unsubscribe, and keeps channels apart', async () => {
      nodes = await openNodes(1)
      const bus = nodes[0]!
      const channel = `test.unsub.${Math.random()}`
      const seen: string[] = []
      const other: string[] = []
      const unsubscribe = await bus.subscribe(channel, (payload) => seen.push(payload))
      await bus.subscribe(`${channel}.other`, (payload) => other.push(payload))
      await bus.publish(channel, 'one')
      await eventually(() => expect(seen).toEqual(['one']))
      await unsubscribe()
      await bus.publish(channel, 'two')
      await bus.publish(`${channel}.other`, 'marker')
      await eventually(() => expect(other).toEqual(['marker']))
      expect(seen).toEqual(['one'])
    })

    it('shares counters between nodes and expires them after the window', async () => {
      nodes = await openNodes(2)
      const key = `test.counter.${Math.random()}`
      expect(await nodes[0]!.increment(key, 300)).toBe(1)
      expect(await nodes[nodes.length - 1]!.increment(key, 300)).toBe(2)
      expect(await nodes[0]!.increment(key, 300)).toBe(3)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(await nodes[0]!.increment(key, 300)).toBe(1)
    })

    it('answers ping', async () => {
      nodes = await openNodes(1)
      await expect(nodes[0]!.ping()).resolves.toBeUndefined()
    })
  })
}
