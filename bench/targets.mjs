#!/usr/bin/env node
// Issue 24's targets in one command: scenario 2 (direct) over Warbler on SQLite (default settings),
// Warbler on PostgreSQL, ejabberd and the raw relay up to 40,000 msg/s, then scenario 3 with a
// 10,000-member group; prints one table of every target with its figure and whether it is met, and
// writes <results>/<name>-direct.json, <name>-group.json and <name>-targets.json.
//
//   node bench/targets.mjs --name final-run1 [--results bench/results] [--duration 6000] [--skip-group]
//                          (files in --results DIR, default test-output/bench/; bench/results for runs to commit)
//                          [--systems warbler,warblerInline,warblerPg,ejabberd,rawWs] [--rates 1000,2000,…]
//   node bench/targets.mjs --from final-run1 [--results DIR]   # the table again from the files of a run
//   node bench/targets.mjs --regressions --baseline DIR   # "no regression": scenarios 1, 4, 5 before/after
//                          (warblerBaseline = the build in DIR, beside warbler) and 6; files in --results DIR too
//
// The `warblerInline` row says whether the default (writer thread from 2 CPUs) beats the inline
// writer in the same run (met: the default sustained at least as much). Run it three times on a quiet machine; BENCHMARKS.md takes the medians (node bench/targets.mjs
// --median final-run1,final-run2,final-run3 prints the medians of three runs' figures).
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadAverage, parseArgs } from './lib/util.mjs'
import { resultsDirOf } from './lib/results-dir.mjs'

const args = parseArgs(process.argv.slice(2))
const resultsDir = resultsDirOf(args, { create: true })
const RATES = String(args.rates ?? '1000,2000,4000,6000,8000,10000,12000,14000,16000,20000,24000,28000,32000,40000')
const SYSTEMS = String(args.systems ?? 'warbler,warblerInline,warblerPg,ejabberd,rawWs')
const run = (name, runArgs) => {
  console.error(`[targets] ${name}: node bench/run.mjs ${runArgs.join(' ')} (load ${loadAverage().join(' ')})`)
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), ...runArgs, '--results', resultsDir, '--name', name], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (child.status !== 0) throw new Error(`bench/run.mjs ${name} exited with ${child.status}`)
}

/** Highest offered load with p99 ≤ 50 ms and ≥ 95 % delivered (the definition of bench/run.mjs). */
const sustainable = (rows = []) =>
  Math.max(0, ...rows.filter((row) => row.p99Ms !== null && row.p99Ms <= 50 && row.received >= 0.95 * row.sent && row.achievedPerSecond >= 0.9 * row.offered).map((row) => row.offered))
const mostDelivered = (rows = []) => Math.max(0, ...rows.map((row) => row.achievedPerSecond))
const at = (rows = [], offered, field) => rows.find((row) => row.offered === offered)?.[field] ?? null
const ratio = (a, b) => (a && b ? Math.round((100 * a) / b) / 100 : null)

/** The targets of issue 24 from one run's files. */
export function targetsOf(direct, group) {
  const rows = (system) => direct.systems[system]?.direct
  const warbler = sustainable(rows('warbler'))
  const ejabberd = sustainable(rows('ejabberd'))
  const raw = sustainable(rows('rawWs'))
  const pg = sustainable(rows('warblerPg'))
  const groupOf = (system) => group?.systems[system]?.groups?.find((row) => row.members === 10000)?.timeToLast?.p99Ms ?? null
  const rawTopped = raw > 0 && raw === Math.max(...(rows('rawWs') ?? []).map((row) => row.offered))
  return [
    { target: 'durable direct at p99 ≤ 50 ms ≥ 1.5 × ejabberd (no storage)', figure: `${warbler} vs ${ejabberd} msg/s: ${ratio(warbler, ejabberd)} ×`, value: ratio(warbler, ejabberd), met: ratio(warbler, ejabberd) >= 1.5 },
    {
      target: '≥ 50 % of the raw relay',
      figure: `${warbler} vs ${rawTopped ? '≥ ' : ''}${raw} msg/s: ${ratio(warbler, raw)}${rawTopped ? ' (relay not saturated: an upper bound)' : ''}`,
      value: ratio(warbler, raw),
      met: ratio(warbler, raw) >= 0.5,
    },
    { target: 'delivered at saturation ≥ ejabberd', figure: `${mostDelivered(rows('warbler'))} vs ${mostDelivered(rows('ejabberd'))} msg/s`, value: ratio(mostDelivered(rows('warbler')), mostDelivered(rows('ejabberd'))), met: mostDelivered(rows('ejabberd')) > 0 && mostDelivered(rows('warbler')) >= mostDelivered(rows('ejabberd')) },
    {
      target: 'main-thread CPU per durable message ≤ 45 µs at 8,000 msg/s',
      figure: `${at(rows('warbler'), 8000, 'mainThreadCpuUsPerMessage')} µs (whole process ${at(rows('warbler'), 8000, 'serverCpuUsPerMessage')} µs)`,
      value: at(rows('warbler'), 8000, 'mainThreadCpuUsPerMessage'),
      met: (at(rows('warbler'), 8000, 'mainThreadCpuUsPerMessage') ?? Infinity) <= 45,
    },
    {
      target: '(no target) the writer on the event loop, WARBLER_SQLITE_WRITER=inline',
      figure: `${sustainable(rows('warblerInline'))} msg/s at p99 ≤ 50 ms; main thread ${at(rows('warblerInline'), 8000, 'mainThreadCpuUsPerMessage')} µs at 8,000`,
      value: sustainable(rows('warblerInline')),
      met: sustainable(rows('warblerInline')) <= warbler,
    },
    { target: 'PostgreSQL ≥ 8,000 msg/s at p99 ≤ 50 ms', figure: `${pg} msg/s`, value: pg, met: pg >= 8000 },
    { target: '10,000-member group: time to the last member p99 ≤ 200 ms', figure: `${groupOf('warbler')} ms (raw relay ${groupOf('rawWs')}, ejabberd ${groupOf('ejabberd')})`, value: groupOf('warbler'), met: (groupOf('warbler') ?? Infinity) <= 200 },
  ]
}

const table = (targets, title) =>
  [`| target | ${title} | met |`, '|---|---|---|', ...targets.map((row) => `| ${row.target} | ${row.figure} | ${row.met ? 'yes' : '**no**'} |`)].join('\n')
const read = (name, part) => {
  try {
    return JSON.parse(readFileSync(`${resultsDir}${name}-${part}.json`, 'utf8'))
  } catch {
    return undefined
  }
}

if (args.regressions) {
  if (!args.baseline) throw new Error('--regressions needs --baseline DIR (a built checkout of the code before)')
  const pair = 'warblerBaseline,warbler'
  const steps = [
    ['--scenario', 'idle', '--connections', '19000', '--workers', '4', '--systems', pair],
    ['--scenario', 'storm', '--connections', '10000', '--systems', pair],
    ['--scenario', 'catchup', '--systems', pair],
    ['--scenario', 'bot'],
  ]
  for (const step of steps) {
    console.error(`[targets] node bench/run.mjs ${step.join(' ')} --baseline ${args.baseline} (load ${loadAverage().join(' ')})`)
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), ...step, '--baseline', String(args.baseline), '--results', resultsDir], { stdio: ['ignore', 'inherit', 'inherit'] })
    if (child.status !== 0) console.error(`[targets] ${step[1]} exited with ${child.status}`)
  }
  process.exit(0)
}

if (args.median) {
  const names = String(args.median).split(',')
  const runs = names.map((name) => targetsOf(read(name, 'direct'), read(name, 'group')))
  const median = (values) => {
    const sorted = values.filter((value) => value !== null).sort((a, b) => a - b)
    return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)]
  }
  console.log([`| target | ${names.join(' | ')} | median |`, `|---|${names.map(() => '---|').join('')}---|`, ...runs[0].map((row, index) => `| ${row.target} | ${runs.map((targets) => targets[index].figure).join(' | ')} | ${median(runs.map((targets) => targets[index].value))} |`)].join('\n'))
  process.exit(0)
}

const name = String(args.from ?? args.name ?? `targets-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}`)
if (!args.from) {
  run(`${name}-direct`, ['--scenario', 'direct', '--systems', SYSTEMS, '--rates', RATES, '--duration', String(args.duration ?? 6000)])
  if (!args['skip-group']) run(`${name}-group`, ['--scenario', 'group', '--groups', '10000', '--systems', 'warbler,rawWs,ejabberd', '--workers', '4', '--spread', '16', '--group-messages', '50'])
}
const targets = targetsOf(read(name, 'direct'), read(name, 'group'))
writeFileSync(`${resultsDir}${name}-targets.json`, JSON.stringify({ name, date: new Date().toISOString(), targets }, null, 2))
console.log(table(targets, name))
