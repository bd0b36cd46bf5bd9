#!/usr/bin/env node
// Markdown tables from a results file written by bench/run.mjs.
//   node bench/report.mjs test-output/bench/quick.json   (default; or a committed bench/results/… file)
import { readFileSync } from 'node:fs'

const results = JSON.parse(readFileSync(process.argv[2] ?? new URL('../test-output/bench/quick.json', import.meta.url), 'utf8'))
const names = Object.keys(results.systems)
const label = (name) => results.systems[name].label ?? name
console.log(`Direct messages (${results.mode}, ${results.durationMs / 1000} s per load, ${results.pairs} sender→receiver pairs, ${results.workers} worker processes, ${results.date}):\n`)
console.log('| system | offered msg/s | delivered msg/s | lost | p50 ms | p99 ms | p99.9 ms | server CPU % | CPU µs / msg | server RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|')
for (const name of names) {
  const entry = results.systems[name]
  if (!entry.direct?.length) console.log(`| ${label(name)} | — | error: ${entry.error ?? 'not run'} | | | | | | | |`)
  for (const row of entry.direct ?? [])
    console.log(`| ${label(name)} | ${row.offered} | ${row.achievedPerSecond} | ${row.lost} | ${row.p50Ms} | ${row.p99Ms} | ${row.p999Ms} | ${row.serverCpuPercent} | ${row.serverCpuUsPerMessage ?? '—'} | ${row.serverRssMiB} |`)
}
if (!names.some((name) => results.systems[name].groups?.length)) process.exit(0)
console.log(`\nGroup fan-out (${results.mode}; one sender, all members online; time until the last member has the message):\n`)
console.log('| system | members | messages | time-to-last p50 ms | time-to-last p99 ms | per-member p99 ms | connect s | server RSS MiB |\n|---|---|---|---|---|---|---|---|')
for (const name of names)
  for (const row of results.systems[name].groups ?? [])
    console.log(row.error ? `| ${label(name)} | ${row.members} | — | failed: ${row.error} | | | | |` : `| ${label(name)} | ${row.members} | ${row.messages} | ${row.timeToLast.p50Ms} | ${row.timeToLast.p99Ms} | ${row.perMember.p99Ms} | ${row.connectSeconds} | ${row.serverRssMiB} |`)
