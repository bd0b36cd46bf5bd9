#!/usr/bin/env node
// Warbler beside ejabberd and the raw WebSocket ceiling, same scenario code through one adapter per
// system (bench/systems/*.mjs), load spread over forked worker processes (bench/worker.mjs).
//
//   npm run bench -- --quick                 # scenarios 2 and 3, small, all systems, < 3 minutes
//   npm run bench                            # fuller runs
//   npm run bench -- --scenario idle --connections 10000   # scenario 1 (bench/idle.mjs), separate command
//   npm run bench -- --scenario group --groups 10000 --systems warbler,rawWs   # scenario 3 only
//   npm run bench -- --scenario bot [--quick]   # scenario 6, bot relay (bench/bot-relay.mjs)
//   npm run bench -- --scenario storm [--quick]   # scenario 4, reconnect storm (bench/storm.mjs), 10,000 clients (quick: 2,000)
//   npm run bench -- --scenario catchup [--quick] # scenario 5, catch-up after offline (bench/catchup.mjs), 10,000 messages (quick: 1,000)
//   node bench/targets.mjs --name final-run1     # issue 24's targets: direct (warbler, warblerPg, ejabberd, rawWs to 40k) + 10k group, one table
//   options: --systems warbler,warblerNormal,warblerThread,warblerInline,warblerWorkers,warblerBaseline,warblerPg,warblerPgInline,warblerPgBaseline,ejabberd,ejabberdMam,rawWs
//            --workers 2  --rates 1000,2000,5000  --duration 3000  --warmup-rate 4000  --warmup-ms 6000
//            --groups 100,1000  --group-messages 5  --pairs 20  --spread 8  --cpu-prof DIR  --server-node-args="--flag …"
//            --scenario direct (scenario 2 only)  --baseline DIR (a built checkout, for warblerBaseline / warblerPgBaseline)
//            --name direct-run1  --results DIR (every scenario; default test-output/bench/, ignored by git;
//            --results bench/results for a run to commit)
//
// Prints one JSON line per scenario and a final summary line; writes <results>/<mode>.json and
// <results>/direct-p99-<mode>.svg. Traffic only to 127.0.0.x.
import { execFileSync, fork } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as warbler from './systems/warbler.mjs'
import * as rawWs from './systems/raw.mjs'
import * as ejabberd from './systems/ejabberd.mjs'
import { cpuSeconds, latencySummary, mainThreadCpuSeconds, parseArgs, round, rssKiB, sleep, stopOnSignal } from './lib/util.mjs'
import { renderLatencyChart } from './lib/chart.mjs'
import { resultsDirOf } from './lib/results-dir.mjs'

const args = parseArgs(process.argv.slice(2))
if (args.help) {
  // The usage is the comment at the top of this file (without --help the bench starts running).
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  const lines = source.split('\n').slice(1)
  console.log(lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.slice(3)).join('\n'))
  process.exit(0)
}
const QUICK = Boolean(args.quick)
const MODE = QUICK ? 'quick' : args.scenario === 'group' || args.scenario === 'direct' ? args.scenario : 'full'
const SYSTEMS = String(args.systems ?? 'warbler,warblerNormal,ejabberd,rawWs').split(',')
const WORKERS = Number(args.workers ?? 2)
const RATES = String(args.rates ?? (QUICK ? '1000,2000,5000' : '1000,2000,5000,10000,15000,20000')).split(',').map(Number)
const DURATION_MS = Number(args.duration ?? (QUICK ? 3000 : 10000))
const GROUP_SIZES = args.scenario === 'direct' ? [] : String(args.groups ?? (QUICK ? '100,1000' : '100,1000,10000')).split(',').map(Number)
const GROUP_MESSAGES = Number(args['group-messages'] ?? (QUICK ? 5 : 20))
const PAIRS = Number(args.pairs ?? 20)
// Every system gets the same warm-up before the first measured level. A short one (500 msg/s for
// 1 s, the old default) left the first level measuring a cold server: JIT, heap and file sizes
// still growing (see BENCHMARKS.md, "warm-up").
const WARMUP_RATE = Number(args['warmup-rate'] ?? 4000)
const WARMUP_MS = Number(args['warmup-ms'] ?? (QUICK ? 2000 : 6000))
const SPREAD = Number(args.spread ?? 8)
const DEADLINE = Date.now() + Number(args['time-limit'] ?? (QUICK ? 170 : 1800)) * 1000
// `--results DIR`: where the JSON and SVG go (default test-output/bench/, ignored; bench/results/ is tracked, for runs to commit).
const resultsDir = resultsDirOf(args)

// `--cpu-prof DIR` profiles the Warbler server (node --cpu-prof; the profile is written when it stops).
// `--server-node-args "A B"` passes more options to the Warbler server's node (e.g. V8 heap settings).
const warblerNodeArgs = [...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []), ...String(args['server-node-args'] ?? '').split(' ').filter(Boolean)]
const SYSTEM_SETUP = {
  warbler: { adapter: 'warbler', start: (env = {}) => warbler.startServer({ synchronous: 'full', extraNodeArgs: warblerNodeArgs, env }) },
  // The SQLite writer thread (WARBLER_SQLITE_WRITER=thread; the default picks it only with 4+ CPUs).
  warblerThread: { adapter: 'warbler', start: (env = {}) => warbler.startServer({ synchronous: 'full', extraNodeArgs: warblerNodeArgs, env: { WARBLER_SQLITE_WRITER: 'thread', ...env }, label: 'warbler (synchronous=full, writer thread)' }) },
  // Commits on the event loop whatever the CPU count (WARBLER_SQLITE_WRITER=inline).
  warblerInline: { adapter: 'warbler', start: (env = {}) => warbler.startServer({ synchronous: 'full', extraNodeArgs: warblerNodeArgs, env: { WARBLER_SQLITE_WRITER: 'inline', ...env }, label: 'warbler (synchronous=full, inline writer)' }) },
  warblerNormal: { adapter: 'warbler', start: (env = {}) => warbler.startServer({ synchronous: 'normal', extraNodeArgs: warblerNodeArgs, env }) },
  // `--baseline DIR`: the same scenario against another checkout's build (e.g. a git worktree of main), for before/after ratios.
  warblerBaseline: { adapter: 'warbler', start: (env = {}) => warbler.startServer({ synchronous: 'full', extraNodeArgs: warblerNodeArgs, env, cli: `${args.baseline}/packages/server/dist/cli/main.js`, label: `warbler baseline (${args.baseline})` }) },
  // One host, N node processes behind one port (WARBLER_WORKERS, Redis bus on 127.0.0.1:6379); `--warbler-workers N`, default 3.
  warblerWorkers: {
    adapter: 'warbler',
    start: (env = {}) =>
      warbler.startServer({
        synchronous: 'full',
        env: { WARBLER_WORKERS: String(args['warbler-workers'] ?? 3), WARBLER_REDIS_URL: `redis://127.0.0.1:6379?prefix=${encodeURIComponent(`warbler-bench:${process.pid}:`)}`, ...env },
        label: `warbler (${args['warbler-workers'] ?? 3} worker processes, Redis bus)`,
      }),
  },
  // Warbler on the local PostgreSQL (a schema of its own, dropped afterwards), the scale-out storage.
  warblerPg: { adapter: 'warbler', start: (env = {}) => startOnPostgres(env) },
  // The same with the append (sealing and the batch statement) on the event loop (WARBLER_PG_APPEND=inline; the default uses a thread from 2 CPUs).
  warblerPgInline: { adapter: 'warbler', start: (env = {}) => startOnPostgres({ WARBLER_PG_APPEND: 'inline', ...env }, { label: 'warbler (PostgreSQL, append on the event loop)' }) },
  // The same on PostgreSQL against another checkout's build (`--baseline DIR`).
  warblerPgBaseline: { adapter: 'warbler', start: (env = {}) => startOnPostgres(env, { cli: `${args.baseline}/packages/server/dist/cli/main.js`, label: `warbler baseline on PostgreSQL (${args.baseline})` }) },
  ejabberd: { adapter: 'ejabberd', start: () => ejabberd.startServer() },
  // ejabberd storing every direct message too: mod_mam in mnesia (written to disk in the background),
  // or in PostgreSQL (committed per message; needs erlang-p1-pgsql and the local PostgreSQL).
  ejabberdMam: { adapter: 'ejabberd', start: () => ejabberd.startServer({ mam: 'mnesia' }) },
  ejabberdMamPg: { adapter: 'ejabberd', start: () => ejabberd.startServer({ mam: 'postgres' }) },
  rawWs: { adapter: 'rawWs', start: () => rawWs.startServer() },
}

/** Starts Warbler on the local PostgreSQL in a schema of its own, dropped when it stops. */
async function startOnPostgres(env, { cli, label = 'warbler (PostgreSQL)' } = {}) {
  const schema = `warbler_bench_${process.pid}`
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}&pool_size=${args['pg-pool'] ?? 10}`
  const server = await warbler.startServer({ extraNodeArgs: warblerNodeArgs, env: { WARBLER_DATABASE_URL: databaseUrl, ...env }, label, ...(cli && { cli }) })
  const stop = server.stop.bind(server)
  server.stop = async () => {
    await stop()
    execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-q', '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { stdio: 'ignore' })
  }
  return server
}

const log = (...parts) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts)

/** Forks the workers; `call(i, command, args)` runs a command on worker i. */
function startWorkers(count) {
  const workers = Array.from({ length: count }, () => fork(fileURLToPath(new URL('./worker.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))
  let nextId = 0
  const pending = new Map()
  for (const worker of workers)
    worker.on('message', ({ id, result, error }) => {
      const waiter = pending.get(id)
      pending.delete(id)
      if (error) waiter?.reject(new Error(error))
      else waiter?.resolve(result)
    })
  const call = (index, command, commandArgs, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => (pending.delete(id), reject(new Error(`worker ${index} ${command} timed out`))), timeoutMs)
      pending.set(id, { resolve: (value) => (clearTimeout(timer), resolve(value)), reject: (error) => (clearTimeout(timer), reject(error)) })
      workers[index].send({ id, command, args: commandArgs })
    })
  const all = (command, argsOf, timeoutMs) => Promise.all(workers.map((_, index) => call(index, command, argsOf(index), timeoutMs)))
  const stop = async () => {
    await all('close', () => ({}), 20_000).catch(() => {})
    for (const worker of workers) worker.kill()
  }
  return { call, all, stop }
}

/** Scenario 2: direct messages at fixed offered loads. */
async function directScenario(server, adapter) {
  const users = await server.users(PAIRS * 2, 'd')
  const workers = startWorkers(WORKERS)
  try {
    const pairsOf = (worker) => Array.from({ length: PAIRS }, (_, index) => index).filter((index) => index % WORKERS === worker).map((index) => ({ sender: users[index * 2], receiver: users[index * 2 + 1] }))
    await workers.all('connect', (worker) => ({ system: adapter, url: server.url, credentials: pairsOf(worker).flatMap((pair) => [pair.sender, pair.receiver]), spread: SPREAD, offset: worker * PAIRS * 2 }))
    await workers.all('prepareDirect', (worker) => ({ pairs: pairsOf(worker) }))
    // Warm-up (JIT, first inserts, connection buffers), discarded; `--warmup-rate`/`--warmup-ms` (default 4,000 msg/s, capped at the first level, for 6 s; 2 s with --quick).
    await workers.all('direct', () => ({ rate: Math.min(WARMUP_RATE, RATES[0]) / WORKERS, durationMs: WARMUP_MS, drainMs: 2000 }), WARMUP_MS + 30_000)
    const rows = []
    for (const rate of RATES) {
      if (Date.now() > DEADLINE) break
      await sleep(500)
      const cpuBefore = cpuSeconds(server.pid)
      const mainBefore = mainThreadCpuSeconds(server.pid)
      const wallBefore = performance.now()
      const parts = await workers.all('direct', () => ({ rate: rate / WORKERS, durationMs: DURATION_MS, drainMs: 3000 }), DURATION_MS + 20_000)
      const wallSeconds = (performance.now() - wallBefore) / 1000
      const cpuUsed = cpuSeconds(server.pid) - cpuBefore
      const mainUsed = mainBefore === null ? null : mainThreadCpuSeconds(server.pid) - mainBefore
      const sent = parts.reduce((sum, part) => sum + part.sent, 0)
      const received = parts.reduce((sum, part) => sum + part.received, 0)
      const latencies = parts.flatMap((part) => part.latencies)
      const start = Math.min(...parts.map((part) => part.start))
      const end = Math.max(...parts.map((part) => part.end))
      // Achieved: messages delivered per second of the whole window (send phase + drain until the last arrival).
      const row = {
        offered: rate,
        sent,
        received,
        lost: sent - received,
        achievedPerSecond: Math.round(received / Math.max(DURATION_MS / 1000, (end - start) / 1000 - (received < sent ? 3 : 0))),
        ...latencySummary(latencies),
        serverCpuPercent: round((100 * cpuUsed) / wallSeconds, 0),
        // Server CPU time per delivered message: steadier than latency on a shared machine.
        serverCpuUsPerMessage: received > 0 ? round((1e6 * cpuUsed) / received, 1) : null,
        // The main thread's (event loop's) share alone: the issue's "main-thread CPU per durable message".
        mainThreadCpuUsPerMessage: received > 0 && mainUsed !== null ? round((1e6 * mainUsed) / received, 1) : null,
        serverRssMiB: round((rssKiB(server.pid) ?? 0) / 1024, 0),
      }
      log(server.label, 'direct', JSON.stringify(row))
      rows.push(row)
      // Past saturation every higher level only queues more: stop climbing.
      if (row.achievedPerSecond < 0.8 * rate || row.p50Ms > 1000) {
        log(server.label, `saturated at ${rate} msg/s offered; higher levels skipped`)
        break
      }
    }
    return rows
  } finally {
    await workers.stop()
  }
}

/** Scenario 3: one sender, a group of `size` online members; time until the last member has the message. */
async function groupScenario(server, adapter, size) {
  const users = await server.users(size, `g${size}m`)
  const target = await server.group(`bench${size}`, users[0], users.slice(1))
  const workers = startWorkers(WORKERS)
  try {
    const membersOf = (worker) => users.filter((_, index) => index % WORKERS === worker)
    const connected = await workers.all('connect', (worker) => ({ system: adapter, url: server.url, credentials: membersOf(worker), spread: SPREAD, offset: worker * size }), 300_000)
    await workers.all('join', () => ({ target }), 300_000)
    const timesToLast = []
    const deliveries = []
    let incomplete = 0
    for (let message = 0; message < GROUP_MESSAGES && Date.now() < DEADLINE; message++) {
      const tag = `${size}-${message}`
      const expecting = workers.all('expect', (worker) => ({ tag, expected: membersOf(worker).length - (worker === 0 ? 1 : 0), timeoutMs: 15_000 }), 30_000)
      await sleep(20)
      const { sentAt } = await workers.call(0, 'groupSend', { sender: users[0].user, target, tag })
      const times = (await expecting).flatMap((part) => part.times)
      if (times.length < size - 1) incomplete++
      timesToLast.push(Math.max(...times) - sentAt)
      for (const time of times) deliveries.push(time - sentAt)
      await sleep(200)
    }
    const row = {
      members: size,
      messages: timesToLast.length,
      incompleteMessages: incomplete,
      connectSeconds: round(Math.max(...connected.map((part) => part.seconds)), 1),
      loginsRetried: connected.reduce((sum, part) => sum + (part.retried ?? 0), 0),
      timeToLast: latencySummary(timesToLast),
      perMember: latencySummary(deliveries),
      serverRssMiB: round((rssKiB(server.pid) ?? 0) / 1024, 0),
    }
    log(server.label, 'group', JSON.stringify(row))
    return row
  } finally {
    await workers.stop()
  }
}

/** Highest offered load with p99 ≤ 50 ms and at least 95% delivered in the window. */
const sustainable = (rows) => Math.max(0, ...(rows ?? []).filter((row) => row.p99Ms !== null && row.p99Ms <= 50 && row.received >= 0.95 * row.sent && row.achievedPerSecond >= 0.9 * row.offered).map((row) => row.offered))
const ratio = (a, b) => (a && b ? round(a / b, 2) : null)

// Scenarios with a module of their own; scenarios 2 and 3 (direct, group) run below.
const SCENARIO_MODULES = { idle: ['./idle.mjs', 'runIdle'], bot: ['./bot-relay.mjs', 'runBotRelay'], storm: ['./storm.mjs', 'runStorm'], catchup: ['./catchup.mjs', 'runCatchup'] }
if (SCENARIO_MODULES[args.scenario]) {
  const [path, run] = SCENARIO_MODULES[args.scenario]
  await (await import(path))[run]({ args, startWorkers, SYSTEM_SETUP, log })
  process.exit(0)
}

const running = stopOnSignal()

const results = { mode: MODE, date: new Date().toISOString(), workers: WORKERS, pairs: PAIRS, durationMs: DURATION_MS, rates: RATES, systems: {} }
for (const name of SYSTEMS) {
  const setup = SYSTEM_SETUP[name]
  if (!setup) throw new Error(`unknown system ${name}`)
  const entry = (results.systems[name] = {})
  let server
  try {
    log('starting', name)
    server = running.current = await setup.start()
    entry.label = server.label
    entry.direct = args.scenario === 'group' ? [] : await directScenario(server, setup.adapter)
    entry.groups = []
    for (const size of GROUP_SIZES) {
      if (Date.now() > DEADLINE) break
      try {
        entry.groups.push(await groupScenario(server, setup.adapter, size))
      } catch (error) {
        entry.groups.push({ members: size, error: String(error?.message ?? error).split('\n')[0].slice(0, 300) })
        log(name, 'group', size, 'failed:', entry.groups.at(-1).error)
      }
    }
  } catch (error) {
    entry.error = String(error?.message ?? error).slice(0, 1000)
    log(name, 'failed:', entry.error)
  } finally {
    await server?.stop().catch((error) => log('stop failed', name, error.message))
    running.current = null
  }
}

const pick = (scenario) => Object.fromEntries(SYSTEMS.map((name) => [name, scenario(results.systems[name])]))
const sustained = pick((entry) => sustainable(entry.direct))
const directLine = {
  scenario: 'direct',
  mode: MODE,
  ...pick((entry) => (entry.error && !entry.direct ? { error: entry.error } : { sustainablePerSecondAtP99le50ms: sustained[Object.keys(results.systems).find((key) => results.systems[key] === entry)], rows: entry.direct })),
  ratios: {
    warblerVsEjabberd: ratio(sustained.warbler, sustained.ejabberd),
    warblerVsRawWs: ratio(sustained.warbler, sustained.rawWs),
    warblerNormalVsEjabberd: ratio(sustained.warblerNormal, sustained.ejabberd),
    warblerNormalVsRawWs: ratio(sustained.warblerNormal, sustained.rawWs),
    // Both storing every message (Warbler commits before the ack; ejabberd archives with mod_mam).
    warblerVsEjabberdMamPg: ratio(sustained.warbler, sustained.ejabberdMamPg),
    warblerPgVsEjabberdMamPg: ratio(sustained.warblerPg, sustained.ejabberdMamPg),
  },
}
console.log(JSON.stringify(directLine))
const groupP99 = (entry, size) => entry.groups?.find((row) => row.members === size)?.timeToLast?.p99Ms ?? null
const groupLine = {
  scenario: 'group-fanout',
  mode: MODE,
  ...pick((entry) => (entry.error && !entry.groups ? { error: entry.error } : { groups: entry.groups })),
  ratios: Object.fromEntries(GROUP_SIZES.map((size) => [`timeToLastP99_${size}_warblerOverEjabberd`, ratio(groupP99(results.systems.warbler ?? {}, size), groupP99(results.systems.ejabberd ?? {}, size))])),
}
console.log(JSON.stringify(groupLine))
mkdirSync(resultsDir, { recursive: true })
// `--name direct-run1`: results/direct-run1.json and results/direct-run1-p99.svg (default: <mode>.json and direct-p99-<mode>.svg).
const NAME = args.name === undefined ? undefined : String(args.name).replace(/[^\w.-]/g, '_')
writeFileSync(`${resultsDir}${NAME ?? MODE}.json`, JSON.stringify(results, null, 2))
writeFileSync(`${resultsDir}${NAME ? `${NAME}-p99` : `direct-p99-${MODE}`}.svg`, renderLatencyChart(results))
const summary = {
  scenario: 'summary',
  mode: MODE,
  warbler: { directSustainablePerSecond: sustained.warbler, groupTimeToLastP99Ms: Object.fromEntries(GROUP_SIZES.map((size) => [size, groupP99(results.systems.warbler ?? {}, size)])) },
  warblerNormal: { directSustainablePerSecond: sustained.warblerNormal, groupTimeToLastP99Ms: Object.fromEntries(GROUP_SIZES.map((size) => [size, groupP99(results.systems.warblerNormal ?? {}, size)])) },
  ejabberd: results.systems.ejabberd?.error ? { error: results.systems.ejabberd.error } : { directSustainablePerSecond: sustained.ejabberd, groupTimeToLastP99Ms: Object.fromEntries(GROUP_SIZES.map((size) => [size, groupP99(results.systems.ejabberd ?? {}, size)])) },
  rawWs: { directSustainablePerSecond: sustained.rawWs, groupTimeToLastP99Ms: Object.fromEntries(GROUP_SIZES.map((size) => [size, groupP99(results.systems.rawWs ?? {}, size)])) },
  ratios: directLine.ratios,
}
console.log(JSON.stringify(summary))
process.exit(0)
