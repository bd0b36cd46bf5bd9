// Scenario 1, idle connections: N authenticated clients connect and stay idle; server RSS per
// connection ((VmRSS after − VmRSS before) / N, /proc/<pid>/status) and connect rate (connections/s
// including auth). Started by `npm run bench -- --scenario idle [--connections 10000]
// [--systems warbler,ejabberd,rawWs] [--workers 4] [--spread 16] [--concurrency 32] [--conns-per-user 1]`.
// Writes <results>/idle-<N>.json (`--results DIR`, default test-output/bench/). Traffic only to 127.0.0.x; every loop bounded.
import { resultsDirOf } from './lib/results-dir.mjs'
import { writeFileSync, readFileSync } from 'node:fs'
import { round, rssKiB, sleep, stopOnSignal } from './lib/util.mjs'

const fdLimit = () => {
  try {
    return Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1])
  } catch {
    return null
  }
}

export async function runIdle({ args, startWorkers, SYSTEM_SETUP, log }) {
  const N = Number(args.connections ?? 10000)
  const SYSTEMS = String(args.systems ?? 'warbler,ejabberd,rawWs').split(',')
  const WORKERS = Number(args.workers ?? 4)
  const SPREAD = Number(args.spread ?? 16)
  const CONCURRENCY = Number(args.concurrency ?? 32) // logins in flight per worker
  const CONNS_PER_USER = Math.max(1, Number(args['conns-per-user'] ?? 1))
  const SETTLE_MS = Number(args.settle ?? 5000)
  const limit = fdLimit()
  // The server holds N sockets in one process; its fd limit is inherited from this process.
  if (limit && limit < N + 1000) log(`warning: open-file limit ${limit} < ${N} connections + 1000; raise it (ulimit -n) or expect failures`)
  const results = { scenario: 'idle', date: new Date().toISOString(), connections: N, workers: WORKERS, spread: SPREAD, concurrencyPerWorker: CONCURRENCY, connsPerUser: CONNS_PER_USER, fdLimit: limit, systems: {} }
  const running = stopOnSignal()
  for (const name of SYSTEMS) {
    const setup = SYSTEM_SETUP[name]
    if (!setup) throw new Error(`unknown system ${name}`)
    const row = (results.systems[name] = { connections: N })
    let server
    let workers
    try {
      log('idle: starting', name)
      server = running.current = await setup.start(setup.adapter === 'warbler' ? { WARBLER_CONNECTIONS_PER_USER: String(CONNS_PER_USER + 10) } : undefined)
      row.label = server.label
      await sleep(1000)
      const atStart = rssKiB(server.pid) // fresh server, before users are created
      const userCount = Math.ceil(N / CONNS_PER_USER)
      const usersStarted = performance.now()
      const users = await server.users(userCount, 'i')
      row.userSetupSeconds = round((performance.now() - usersStarted) / 1000, 1)
      log(name, `${userCount} users set up in ${row.userSetupSeconds} s`)
      const credentials = Array.from({ length: N }, (_, index) => users[index % userCount])
      workers = startWorkers(WORKERS)
      await sleep(2000)
      const before = rssKiB(server.pid)
      const started = performance.now()
      const parts = await workers.all(
        'connectIdle',
        (worker) => ({ system: setup.adapter, url: server.url, credentials: credentials.filter((_, index) => index % WORKERS === worker), spread: SPREAD, offset: worker, concurrency: CONCURRENCY, maxFailures: 200 }),
        Math.max(300_000, N * 60),
      )
      const seconds = (performance.now() - started) / 1000
      const connected = parts.reduce((sum, part) => sum + part.connected, 0)
      await sleep(SETTLE_MS)
      const after = rssKiB(server.pid)
      Object.assign(row, {
        connected,
        failed: parts.reduce((sum, part) => sum + part.failed, 0),
        retried: parts.reduce((sum, part) => sum + part.retried, 0),
        firstError: parts.find((part) => part.firstError)?.firstError ?? null,
        connectSeconds: round(seconds, 1),
        connectsPerSecond: round(connected / seconds, 0),
        rssAtStartMiB: round(atStart / 1024, 1),
        rssBeforeMiB: round(before / 1024, 1),
        rssAfterMiB: round(after / 1024, 1),
        rssPerConnectionKiB: connected ? round((after - before) / connected, 1) : null,
        // Upper bound: counts user setup (heap garbage, caches) as connection memory too.
        rssPerConnectionFromStartKiB: connected ? round((after - atStart) / connected, 1) : null,
      })
      log(name, 'idle', JSON.stringify(row))
    } catch (error) {
      row.error = String(error?.message ?? error).split('\n')[0].slice(0, 500)
      log(name, 'idle failed:', row.error)
    } finally {
      await workers?.stop().catch(() => {})
      await server?.stop().catch((error) => log('stop failed', name, error.message))
      running.current = null
    }
  }
  console.log(JSON.stringify(results))
  const dir = resultsDirOf(args, { create: true })
  writeFileSync(`${dir}idle-${N}${args.systems ? `-${SYSTEMS.join('-')}` : ''}.json`, JSON.stringify(results, null, 2))
  return results
}
