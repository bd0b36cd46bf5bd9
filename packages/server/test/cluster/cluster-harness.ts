import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_DATABASE_URL } from '../../src/storage/postgres/testing/postgres-test-database.js'
import { deleteKeysWithPrefixes, TEST_REDIS_URL } from '../../src/bus/redis/testing/redis-test-server.js'
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js'
import { TcpBalancer } from './tcp-balancer.js'

/** Three (or more) node processes on one PostgreSQL schema and one Redis prefix, behind a TCP balancer. */
export interface Cluster {
  url: string
  balancer: TcpBalancer
  nodes: (ServerProcess | undefined)[]
  adminKey: string
  schema: string
  prefix: string
  databaseUrl: string
  /** SIGKILLs node `index` and waits until it is gone. */
  kill(index: number): Promise<void>
  /** Starts node `index` again on its old port. */
  restart(index: number): Promise<void>
  /** Calls the REST API through the balancer (or a given node URL). */
  rest(method: string, path: string, options?: { secret?: string; body?: unknown; base?: string }): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

/** Starts `count` nodes at once (they migrate the fresh schema concurrently) and a balancer in front. */
export async function startCluster(count: number, schema: string): Promise<Cluster> {
  const prefix = `warbler-test:${randomBytes(6).toString('hex')}:`
  const databaseUrl = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}&pool_size=8`
  const redisUrl = `${TEST_REDIS_URL}${TEST_REDIS_URL.includes('?') ? '&' : '?'}prefix=${encodeURIComponent(prefix)}`
  const adminKey = randomBytes(16).toString('hex')
  // Every node of a cluster shares the master key (it unwraps the apps' data keys: signing keys, secrets, messages).
  const masterKey = randomBytes(32).toString('base64')
  // And the audit chain's key, so every node's entries verify as one chain.
  const auditKey = randomBytes(32).toString('base64')
  const dataDirs = Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), 'warbler-cluster-')))
  const ports: number[] = []
  const nodes: (ServerProcess | undefined)[] = await Promise.all(
    dataDirs.map((dataDir) => spawnServer({ dataDir, adminKey, env: { WARBLER_DATABASE_URL: databaseUrl, WARBLER_REDIS_URL: redisUrl, WARBLER_MASTER_KEY: masterKey, WARBLER_AUDIT_KEY: auditKey } })),
  )
  for (const node of nodes) ports.push(node!.port)
  const balancer = new TcpBalancer(ports.map((port) => ({ host: '127.0.0.1', port })))
  const url = await balancer.listen()

  const rest: Cluster['rest'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {}
    if (options.secret) headers.authorization = `Bearer ${options.secret}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${options.base ?? url}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) })
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: response.status, body }
  }

  return {
    url,
    balancer,
    nodes,
    adminKey,
    schema,
    prefix,
    databaseUrl,
    rest,
    async kill(index) {
      const node = nodes[index]
      if (!node) return
      node.child.kill('SIGKILL')
      await node.exited
      nodes[index] = undefined
    },
    async restart(index) {
      const node = await spawnServer({ dataDir: dataDirs[index]!, adminKey, port: ports[index]!, env: { WARBLER_DATABASE_URL: databaseUrl, WARBLER_REDIS_URL: redisUrl, WARBLER_MASTER_KEY: masterKey, WARBLER_AUDIT_KEY: auditKey } })
      nodes[index] = node
      balancer.setBackend(index, { host: '127.0.0.1', port: node.port })
    },
    async close() {
      await balancer.close()
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
