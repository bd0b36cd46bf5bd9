#!/usr/bin/env node
// Send-to-ack latency and throughput of a simple loop against a real Warbler node (built dist).
// Starts its own server on a temporary data dir (SQLite, synchronous=FULL by default), loopback only.
//
//   node bench/send-ack-loop.mjs [--messages 2000] [--connections 4] [--synchronous full|normal]
//
// Prints a table and a final JSON line. Bounded in count (messages) and time (60 s deadline).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, index, all) => (value.startsWith('--') ? [...pairs, [value.slice(2), all[index + 1]]] : pairs), []))
const MESSAGES = Number(args.messages ?? 2000)
const CONNECTIONS = Number(args.connections ?? 4)
const SYNCHRONOUS = args.synchronous ?? 'full'
const DEADLINE = Date.now() + 60_000
const ADMIN_KEY = 'wok_bench_operator_key_000000000'
const cli = fileURLToPath(new URL('../packages/server/dist/cli/main.js', import.meta.url))

const dataDir = mkdtempSync(join(tmpdir(), 'warbler-bench-'))
const server = spawn(process.execPath, [cli, 'start'], {
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_ADMIN_KEY: ADMIN_KEY, WARBLER_DEMO: 'false', WARBLER_LOG_LEVEL: 'warn', WARBLER_SENDS_PER_SECOND: '100000', WARBLER_SEND_BURST: '100000', WARBLER_SQLITE_SYNCHRONOUS: SYNCHRONOUS, WARBLER_LOG_LEVEL_HTTP: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const port = await new Promise((resolve, reject) => {
  let out = ''
  server.stdout.on('data', (chunk) => {
    out += chunk
    const match = /running at http:\/\/localhost:(\d+)/.exec(out)
    if (match) resolve(Number(match[1]))
  })
  server.once('exit', () => reject(new Error(`server exited: ${out}`)))
})
const base = `http://127.0.0.1:${port}`
const rest = async (path, secret, body) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return response.json()
}

try {
  const app = await rest('/api/v1/apps', ADMIN_KEY, { name: 'bench' })
  const tokens = []
  for (let index = 0; index < CONNECTIONS * 2; index++) {
    await rest(`/api/v1/apps/${app.id}/users`, app.secret, { id: `u${index}`, name: `u${index}` })
    tokens.push((await rest(`/api/v1/apps/${app.id}/users/u${index}/tokens`, app.secret, {})).token)
  }
  const connect = (token) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`)
      const pending = new Map()
      let nextId = 0
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString())
        const waiter = frame.id && pending.get(frame.id)
        if (waiter) {
          pending.delete(frame.id)
          waiter(frame)
        }
      })
      const request = (frame) =>
        new Promise((done) => {
          const id = `r${nextId++}`
          pending.set(id, done)
          socket.send(JSON.stringify({ ...frame, id }))
        })
      socket.once('open', async () => {
        const welcome = await request({ type: 'auth', token })
        if (welcome.type !== 'welcome') reject(new Error(JSON.stringify(welcome)))
        else resolve({ socket, request })
      })
      socket.once('error', reject)
    })

  const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
  }

  // 1. one connection, closed loop: send, wait for the ack, repeat.
  const single = await connect(tokens[0])
  const direct = (await single.request({ type: 'conversation.open-direct', peerId: 'u1' })).data.id
  const latencies = []
  const loopStart = performance.now()
  for (let index = 0; index < MESSAGES && Date.now() < DEADLINE; index++) {
    const started = performance.now()
    const ack = await single.request({ type: 'message.send', clientMsgId: `s${index}`, conversationId: direct, body: { type: 'text', text: `loop ${index}` } })
    if (ack.type !== 'ack') throw new Error(JSON.stringify(ack))
    latencies.push(performance.now() - started)
  }
  const loopSeconds = (performance.now() - loopStart) / 1000

  // 2. several connections in parallel, each a closed loop into its own direct conversation.
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, (_, index) => connect(tokens[index * 2])))
  const conversations = await Promise.all(clients.map(async (client, index) => (await client.request({ type: 'conversation.open-direct', peerId: `u${index * 2 + 1}` })).data.id))
  const parallelLatencies = []
  const parallelStart = performance.now()
  await Promise.all(
    clients.map(async (client, index) => {
      for (let count = 0; count < MESSAGES / CONNECTIONS && Date.now() < DEADLINE; count++) {
        const started = performance.now()
        const ack = await client.request({ type: 'message.send', clientMsgId: `p${index}-${count}`, conversationId: conversations[index], body: { type: 'text', text: `parallel ${count}` } })
        if (ack.type !== 'ack') throw new Error(JSON.stringify(ack))
        parallelLatencies.push(performance.now() - started)
      }
    }),
  )
  const parallelSeconds = (performance.now() - parallelStart) / 1000
  const result = {
    scenario: 'send-ack-loop',
    synchronous: SYNCHRONOUS,
    single: { messages: latencies.length, sendsPerSecond: Math.round(latencies.length / loopSeconds), p50Ms: +percentile(latencies, 50).toFixed(3), p99Ms: +percentile(latencies, 99).toFixed(3) },
    parallel: {
      connections: CONNECTIONS,
      messages: parallelLatencies.length,
      sendsPerSecond: Math.round(parallelLatencies.length / parallelSeconds),
      p50Ms: +percentile(parallelLatencies, 50).toFixed(3),
      p99Ms: +percentile(parallelLatencies, 99).toFixed(3),
    },
  }
  console.log(`| loop | messages | sends/s | p50 ms | p99 ms |\n|---|---|---|---|---|`)
  console.log(`| 1 connection | ${result.single.messages} | ${result.single.sendsPerSecond} | ${result.single.p50Ms} | ${result.single.p99Ms} |`)
  console.log(`| ${CONNECTIONS} connections | ${result.parallel.messages} | ${result.parallel.sendsPerSecond} | ${result.parallel.p50Ms} | ${result.parallel.p99Ms} |`)
  console.log(JSON.stringify(result))
  for (const client of [single, ...clients]) client.socket.close()
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
}
