import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { percentile, runChaos, type ChaosReport } from './chaos-run.js'
import { chaosSeed } from './seeded-random.js'

const RATE = { WARBLER_SENDS_PER_SECOND: '1000', WARBLER_SEND_BURST: '1000' }

/** The figures of a run, printed for the report (timings are reported, never asserted). */
function print(name: string, report: ChaosReport): void {
  const { catchUpMs, failures, problems, ...rest } = report
  console.log(
    `chaos figures (${name}): ${JSON.stringify({
      ...rest,
      failures: failures.length,
      problems: problems.length,
      reconnects: catchUpMs.length,
      catchUpMedianMs: percentile(catchUpMs, 50),
      catchUpP95Ms: percentile(catchUpMs, 95),
      catchUpMaxMs: Math.max(0, ...catchUpMs),
    })}`,
  )
}

/** Checks a run: nothing lost, nothing doubled, everything in order. */
function expectExactlyOnce(report: ChaosReport): void {
  expect(report.failures).toEqual([])
  expect(report.problems.slice(0, 10)).toEqual([])
  expect(report.acked).toBe(report.messagesSent)
  expect(report.doubleAcks).toBe(0)
  expect(report.duplicatesSeen).toBe(0)
  expect(report.gaps).toBe(0)
  // The proxy really did cut connections while messages flowed.
  expect(report.cuts).toBeGreaterThan(3)
}

/** A free loopback port (so a restarted server can come back on the same one). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('SDK against the real server through a connection-cutting proxy', () => {
  const seed = chaosSeed()

  describe('dropped connections', () => {
    let server: TestServer | undefined
    afterAll(async () => server?.close())

    it(`delivers 2,200 messages exactly once and in order to every member (seed ${seed})`, { timeout: 60_000 }, async () => {
      server = await startTestServer({ limits: { sendsPerSecond: 1000, sendBurst: 1000 } })
      const report = await runChaos({ url: server.url, port: Number(new URL(server.url).port), operatorKey: server.operatorKey }, seed)
      print('drops', report)
      expectExactlyOnce(report)
    })
  })

  describe('dropped connections and a SIGKILLed server', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warbler-chaos-'))
    const adminKey = randomBytes(16).toString('hex')
    let node: ServerProcess | undefined
    afterAll(async () => {
      if (node) {
        node.child.kill('SIGKILL')
        await node.exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    })

    it(`re-sends the outbox and still delivers exactly once after a restart on the same data (seed ${seed + 1})`, { timeout: 60_000 }, async () => {
      const port = await freePort()
      node = await spawnServer({ dataDir, adminKey, port, env: RATE })
      let restarts = 0
      const report = await runChaos(
        {
          url: node.url,
          port,
          operatorKey: adminKey,
          killAndRestart: async () => {
            node!.child.kill('SIGKILL')
            await node!.exited
            await new Promise((resolve) => setTimeout(resolve, 300))
            node = await spawnServer({ dataDir, adminKey, port, env: RATE })
            restarts += 1
          },
        },
        seed + 1,
      )
      print('drops + SIGKILL', report)
      expect(restarts).toBe(1)
      expectExactlyOnce(report)
    })
  })
})
