import { describe, expect, it } from 'vitest'
import { withLease, type Leases } from '../leases.js'

/**
 * The lease conformance suite. `openNodes(n)` returns the lease managers of n nodes of one cluster,
 * with no lease held yet (for the in-memory leases, one shared instance stands for all).
 */
export function describeLeases(name: string, openNodes: (count: number) => Promise<Leases[]>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`Leases conformance: ${name}`, () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

    it('lets exactly one of many nodes racing for a key take it', async () => {
      const nodes = await openNodes(3)
      const attempts = await Promise.all(nodes.flatMap((node) => Array.from({ length: 10 }, () => node.tryAcquire('job-1', 10_000))))
      expect(attempts.filter(Boolean)).toHaveLength(1)
      expect(await nodes[0]!.tryAcquire('job-2', 10_000)).toBeDefined()
    })

    it('frees the key on release, for the holder only', async () => {
      const [a, b] = await two(openNodes)
      const lease = (await a.tryAcquire('job', 10_000))!
      expect(await b.release({ key: 'job', token: 'not-the-holder' })).toBe(false)
      expect(await b.tryAcquire('job', 10_000)).toBeUndefined()
      expect(await a.release(lease)).toBe(true)
      expect(await b.tryAcquire('job', 10_000)).toBeDefined()
      expect(await a.release(lease)).toBe(false)
    })

    it('hands an unrenewed lease to another node after its TTL, and the old holder can no longer renew it', async () => {
      const [a, b] = await two(openNodes)
      const stale = (await a.tryAcquire('job', 100))!
      await sleep(150)
      const taken = await b.tryAcquire('job', 10_000)
      expect(taken).toBeDefined()
      expect(await a.renew(stale, 10_000)).toBe(false)
      expect(await a.release(stale)).toBe(false)
      expect(await a.tryAcquire('job', 10_000)).toBeUndefined()
    })

    it('keeps a renewed lease past its first TTL', async () => {
      const [a, b] = await two(openNodes)
      const lease = (await a.tryAcquire('job', 150))!
      await sleep(90)
      expect(await a.renew(lease, 150)).toBe(true)
      await sleep(90)
      expect(await b.tryAcquire('job', 150)).toBeUndefined()
    })

    it('runs work under withLease on one node only, and frees the key afterwards', async () => {
      const [a, b] = await two(openNodes)
      let runs = 0
      const work = async () => {
        runs++
        await sleep(50)
        return 'done'
      }
      const results = await Promise.all([withLease(a, 'job', 1000, work), withLease(b, 'job', 1000, work)])
      expect(runs).toBe(1)
      expect(results.filter((result) => result.ran)).toEqual([{ ran: true, result: 'done' }])
      expect(await b.tryAcquire('job', 1000)).toBeDefined()
    })
  })
}

async function two(openNodes: (count: number) => Promise<Leases[]>): Promise<[Leases, Leases]> {
  const nodes = await openNodes(2)
  return [nodes[0]!, nodes[nodes.length - 1]!]
}
