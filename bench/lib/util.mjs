// Small helpers shared by the bench orchestrator and its workers.
import { readdirSync, readFileSync } from 'node:fs'

/** `--key value`, `--key=value` (for values that start with `--`) and bare `--flag` arguments. */
export function parseArgs(argv) {
  const out = {}
  for (let index = 0; index < argv.length; index++) {
    const value = argv[index]
    if (!value.startsWith('--')) continue
    const equals = value.indexOf('=')
    if (equals > 0) {
      out[value.slice(2, equals)] = value.slice(equals + 1)
      continue
    }
    const next = argv[index + 1]
    if (next === undefined || next.startsWith('--')) out[value.slice(2)] = true
    else out[value.slice(2)] = (index++, next)
  }
  return out
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export const now = () => performance.timeOrigin + performance.now()

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export const round = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? null : +value.toFixed(digits))

/** p50/p99/p999/max of a list of latencies in ms. */
export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort()
  return { p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), p999Ms: round(percentile(sorted, 99.9)), maxMs: round(sorted[sorted.length - 1] ?? null) }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Live child processes (WARBLER_WORKERS) count too.
    return childPids(pid).reduce((sum, child) => sum + (cpuSeconds(child) ?? 0), (Number(fields[11]) + Number(fields[12])) / 100)
  } catch {
    return null
  }
}

/**
 * CPU seconds (user + system) of the process's main thread alone (`/proc/<pid>/task/<pid>/stat`):
 * for Node, the event loop, without the libuv pool (fsync), the writer and checkpoint threads or GC
 * helper threads. Null when the process is gone.
 */
export function mainThreadCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** The 1/5/15-minute load average, from /proc/loadavg. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number)

/** Machine-wide TCP accept-queue overflows and drops so far (TcpExt ListenOverflows/ListenDrops, /proc/net/netstat). */
export function listenOverflows() {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'))
  const [names, values] = lines.map((line) => line.split(/\s+/).slice(1))
  const value = (name) => Number(values[names.indexOf(name)])
  return { overflows: value('ListenOverflows'), drops: value('ListenDrops') }
}

/** Resident set size in KiB from /proc/<pid>/status. */
export function rssKiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    const own = match ? Number(match[1]) : null
    // A server made of several processes (WARBLER_WORKERS) counts its children too.
    return own === null ? null : childPids(pid).reduce((sum, child) => sum + (rssKiB(child) ?? 0), own)
  } catch {
    return null
  }
}

/** Pids whose parent is `pid`. */
export function childPids(pid) {
  const children = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry))
    } catch {}
  }
  return children
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool(items, limit, task) {
  const results = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await task(items[index], index)
      }
    }),
  )
  return results
}

/** Source address for the i-th connection: spreads connections over 127.0.0.1..127.0.0.N. */
export const sourceAddress = (index, spread) => `127.0.0.${1 + (index % Math.max(1, spread))}`

/**
 * The server under test, stopped on SIGINT/SIGTERM (a bench killed from outside must not leave
 * ejabberd's beam or a Warbler node running). Set `.current` while a server runs, `null` after.
 */
export function stopOnSignal() {
  const running = { current: null }
  const onSignal = async () => {
    await running.current?.stop().catch(() => {})
    process.exit(130)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return running
}
