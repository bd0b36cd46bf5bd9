import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deleteKeysWithPrefixes, TEST_REDIS_URL } from '../../src/bus/redis/testing/redis-test-server.js'
import { TEST_DATABASE_URL } from '../../src/storage/postgres/testing/postgres-test-database.js'
import { CLI_PATH, type ServerProcess } from '../helpers/spawn-server.js'

/**
 * Node processes of one cluster (one PostgreSQL schema, one Redis prefix), started one after the
 * other with a generous start-up deadline: on a machine shared by many test runs a node can take
 * longer than the 15 s of `spawnServer` to listen.
 */
export interface SupportNodes {
  nodes: (ServerProcess | undefined)[]
  adminKey: string
  kill(index: number): Promise<void>
  close(): Promise<void>
}

async function spawnNode(env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI_PATH, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start in ${timeoutMs} ms: ${output}`)), timeoutMs)
    const check = () => {
      const match = /"port":(\d+),"storage"/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout!.off('data', check)
      resolve(Number(match[1]))
    }
    child.stdout!.on('data', check)
    void exited.then(({ code, signal }) => reject(new Error(`node exited (code ${code}, signal ${signal}) before listening: ${output}`)))
  })
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited }
}

/** Starts `count` nodes on the schema (migrated by the first) and a fresh Redis prefix. */
export async function startSupportNodes(count: number, schema: string, timeoutMs = 90_000): Promise<SupportNodes> {
  const prefix = `warbler-test:${randomBytes(6).toString('hex')}:`
  const databaseUrl = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}&pool_size=8`
  const redisUrl = `${TEST_REDIS_URL}${TEST_REDIS_URL.includes('?') ? '&' : '?'}prefix=${encodeURIComponent(prefix)}`
  const adminKey = randomBytes(16).toString('hex')
  const auditKey = randomBytes(32).toString('base64')
  // Every node of a cluster shares the master key (it unwraps the apps' data keys: signing keys, secrets, messages).
  const masterKey = randomBytes(32).toString('base64')
  const dataDirs: string[] = []
  const nodes: (ServerProcess | undefined)[] = []
  for (let index = 0; index < count; index++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'warbler-support-'))
    dataDirs.push(dataDir)
    nodes.push(
      await spawnNode(
        {
          PORT: '0', HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_ADMIN_KEY: adminKey, WARBLER_DEMO: 'false', WARBLER_LOG_LEVEL: 'info',
          WARBLER_AUDIT_KEY: auditKey, WARBLER_MASTER_KEY: masterKey, WARBLER_DATABASE_URL: databaseUrl, WARBLER_REDIS_URL: redisUrl,
        },
        timeoutMs,
      ),
    )
  }
  return {
    nodes,
    adminKey,
    async kill(index) {
      const node = nodes[index]
      if (!node) return
      node.child.kill('SIGKILL')
      await node.exited
      nodes[index] = undefined
    },
    async close() {
      await Promise.all(
        nodes.map(async (node) => {
          if (!node) return
          node.child.kill('SIGTERM')
          const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000)
          await node.exited
          clearTimeout(timer)
        }),
      )
      for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true })
      await deleteKeysWithPrefixes([prefix])
    },
  }
}
