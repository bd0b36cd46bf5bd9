import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { spawnServer } from '../helpers/spawn-server.js'

const skip = await redisSkipReason()
if (skip) console.warn(`WARBLER_WORKERS suite skipped: ${skip}`)

const ADMIN_KEY = 'wok_test_operator_key_workers_0001'

/** Pids of the direct children of `pid` (the cluster's workers). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

async function rest(url: string, path: string, secret: string, body: unknown) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await response.json()) as any
}

/** `WARBLER_WORKERS=3`: one `warbler start`, three node processes behind one port, meeting on Redis. */
describe.skipIf(skip !== undefined)('WARBLER_WORKERS: several node processes behind one port', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-workers-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('spreads connections over the workers, delivers across them, restarts a dead one and drains on SIGTERM', async () => {
    const env = { WARBLER_WORKERS: '3', WARBLER_REDIS_URL: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
    const server = await spawnServer({ dataDir, adminKey: ADMIN_KEY, env })
    const clients: RawClient[] = []
    try {
      // spawnServer returns once the first worker listens; wait for all three.
      const listening = () => server.output().split('warbler listening').length - 1
      for (let waited = 0; listening() < 3 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
      const workers = childrenOf(server.child.pid!)
      expect(workers, server.output().slice(-3000)).toHaveLength(3)
      const app = await rest(server.url, '/api/v1/apps', ADMIN_KEY, { name: 'workers' })
      const names = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']
      const tokens: string[] = []
      for (const id of names) {
        await rest(server.url, `/api/v1/apps/${app.id}/users`, app.secret, { id, name: id })
        tokens.push((await rest(server.url, `/api/v1/apps/${app.id}/users/${id}/tokens`, app.secret, {})).token)
      }
      for (const token of tokens) clients.push(await RawClient.connect(server.url, token))
      const group = (await clients[0]!.request({ type: 'group.create', name: 'All', memberIds: names.slice(1) })).data.id as string
      // Six connections round-robin over three workers: each worker has some, and a message reaches all.
      const ack = await clients[0]!.sendMessage(group, 'hello everyone')
      expect(ack.type).toBe('ack')
      for (const client of clients.slice(1)) {
        const event = await client.waitFor((frame) => frame.type === 'event' && frame.seq === ack.seq)
        expect(event.body.text).toBe('hello everyone')
      }

      // A worker that dies is replaced; the host keeps serving.
      process.kill(workers[0]!, 'SIGKILL')
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline && !(childrenOf(server.child.pid!).length === 3 && !childrenOf(server.child.pid!).includes(workers[0]!))) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(childrenOf(server.child.pid!)).toHaveLength(3)
      const fresh = await RawClient.connect(server.url, tokens[5]!)
      clients.push(fresh)
      expect((await fresh.sendMessage(group, 'still here')).type).toBe('ack')
    } catch (error) {
      // Leave no workers behind when the test fails.
      for (const pid of childrenOf(server.child.pid!)) process.kill(pid, 'SIGKILL')
      server.child.kill('SIGKILL')
      throw error
    } finally {
      for (const client of clients) client.close()
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toEqual({ code: 0, signal: null })
  }, 60_000)

  it('refuses to start several workers without Redis', async () => {
    await expect(spawnServer({ dataDir, adminKey: ADMIN_KEY, env: { WARBLER_WORKERS: '2', WARBLER_REDIS_URL: '' } })).rejects.toThrow(/WARBLER_WORKERS > 1 needs WARBLER_REDIS_URL/)
  })
})
