#!/usr/bin/env node
/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --cpu-prof DIR`): the busy time of the main
 * thread, the functions with the most self time, and the inclusive time of named functions.
 *
 *   node bench/profile-summary.mjs DIR/CPU.….cpuprofile [--top 30] [--messages N] [--inclusive name1,name2] [--window FROM_MS,TO_MS]
 *
 * With `--messages N` (messages delivered while profiling) it also prints µs of main-thread CPU per
 * message. Idle, program and GC nodes are reported apart; "busy" excludes `(idle)`. `--window`
 * keeps only the samples between FROM_MS and TO_MS after the profile's start (a negative bound counts
 * back from its end), e.g. `--window -12000,-3000` for a 9 s level that ended 3 s before the server stopped.
 */
import { readFileSync } from 'node:fs'

const args = process.argv.slice(2)
const file = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg) && !args[args.indexOf(arg) - 1]?.startsWith('--'))
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1]
}
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top 30] [--messages N] [--inclusive a,b]')
  process.exit(2)
}
const top = Number(option('top', 30))
const messages = Number(option('messages', 0))
const inclusiveNames = String(option('inclusive', '')).split(',').filter(Boolean)
const windowBounds = option('window', undefined)?.split(',').map(Number)

const profile = JSON.parse(readFileSync(file, 'utf8'))
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

// Self time per node from the sample stream.
const selfUs = new Map()
const offsets = []
let elapsed = 0
for (const delta of profile.timeDeltas) offsets.push((elapsed += delta))
const span = elapsed
const [fromMs, toMs] = (windowBounds ?? [0, span / 1000]).map((bound) => (bound < 0 ? span / 1000 + bound : bound))
for (let index = 0; index < profile.samples.length; index++) {
  if (offsets[index] < fromMs * 1000 || offsets[index] > toMs * 1000) continue
  const id = profile.samples[index]
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0))
}
const label = (node) => {
  const frame = node.callFrame
  const where = frame.url ? `${frame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : ''
  return `${frame.functionName || '(anonymous)'} ${where}`.trim()
}
let total = 0
let idle = 0
const bySelf = new Map()
for (const [id, us] of selfUs) {
  const node = nodes.get(id)
  total += us
  if (node.callFrame.functionName === '(idle)') idle += us
  const key = label(node)
  bySelf.set(key, (bySelf.get(key) ?? 0) + us)
}
const busy = total - idle
const ms = (us) => (us / 1000).toFixed(1)
const pct = (us) => ((100 * us) / busy).toFixed(1)
console.log(`profile ${ms(total)} ms, busy ${ms(busy)} ms (${((100 * busy) / total).toFixed(0)} %)${messages ? `, ${(busy / messages).toFixed(1)} µs busy per message over ${messages} messages` : ''}`)
console.log('\nself time (share of busy):')
for (const [key, us] of [...bySelf].filter(([key]) => !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(us).padStart(6)} %  ${ms(us).padStart(8)} ms  ${key}`)
}
if (inclusiveNames.length > 0) {
  console.log('\ninclusive time (share of busy; a function counted once per sample):')
  for (const name of inclusiveNames) {
    let us = 0
    for (const [id, sampleUs] of selfUs) {
      for (let cursor = id; cursor !== undefined; cursor = parent.get(cursor)) {
        if (nodes.get(cursor).callFrame.functionName === name) {
          us += sampleUs
          break
        }
      }
    }
    console.log(`${pct(us).padStart(6)} %  ${ms(us).padStart(8)} ms  ${name}${messages ? `  (${(us / messages).toFixed(1)} µs/msg)` : ''}`)
  }
}
