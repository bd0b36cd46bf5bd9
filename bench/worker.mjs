// A load-generator worker process (forked by bench/run.mjs). It holds some of the client
// connections and answers commands over IPC; every loop is bounded in count and time.
import * as warbler from './systems/warbler.mjs'
import * as rawWs from './systems/raw.mjs'
import * as ejabberd from './systems/ejabberd.mjs'
import { now, pool, sleep, sourceAddress } from './lib/util.mjs'

const adapters = { warbler, rawWs, ejabberd }
const clients = new Map()
const idle = [] // scenario 1 connections
let direct = null // { latencies, received } while a direct run is going
const groupTimes = new Map() // tag → [receive times]

function onText(text) {
  if (text.startsWith('d|')) {
    const latency = now() - Number(text.slice(2))
    if (direct) {
      direct.latencies.push(latency)
      direct.received++
    }
  } else if (text.startsWith('g|')) {
    const received = now()
    const tag = text.split('|')[1]
    const times = groupTimes.get(tag)
    if (times) times.push(received)
    else groupTimes.set(tag, [received])
  }
}

const handlers = {
  async connect({ system, url, credentials, spread, offset }) {
    const adapter = adapters[system]
    const started = now()
    let retried = 0
    await pool(credentials, 64, async (credential, index) => {
      // One retry (counted): ejabberd's WebSocket login sometimes never answers <open/>.
      let client
      try {
        client = await adapter.connect(url, credential, sourceAddress(offset + index, spread))
      } catch {
        retried++
        client = await adapter.connect(url, credential, sourceAddress(offset + index, spread))
      }
      client.onText(onText)
      clients.set(credential.user, client)
    })
    return { connected: credentials.length, retried, seconds: (now() - started) / 1000 }
  },
  async prepareDirect({ pairs }) {
    this.pairs = await pool(pairs, 16, async ({ sender, receiver }) => ({ client: clients.get(sender.user), target: await clients.get(sender.user).directTarget(receiver) }))
    return { pairs: this.pairs.length }
  },
  /** Open model: message i is due at start + i/rate whatever the replies do; latency counts from that due time. */
  async direct({ rate, durationMs, drainMs }) {
    const pairs = this.pairs
    const total = Math.floor((rate * durationMs) / 1000)
    const interval = 1000 / rate
    direct = { latencies: [], received: 0 }
    const start = now() + 5
    let sent = 0
    const deadline = start + durationMs + 5000
    while (sent < total && now() < deadline) {
      const due = Math.min(total, Math.floor((now() - start) / interval) + 1)
      while (sent < due) {
        const pair = pairs[sent % pairs.length]
        pair.client.send(pair.target, `d|${start + sent * interval}`)
        sent++
      }
      await sleep(1)
    }
    const sendEnd = now()
    const drainDeadline = now() + drainMs
    while (direct.received < sent && now() < drainDeadline) await sleep(5)
    const result = { sent, received: direct.received, latencies: direct.latencies, start, sendSeconds: (sendEnd - start) / 1000, end: now() }
    direct = null
    return result
  },
  async join({ target }) {
    await pool([...clients.values()], 32, (client) => client.joinGroup(target))
    return { joined: clients.size }
  },
  async expect({ tag, expected, timeoutMs }) {
    const deadline = now() + timeoutMs
    while ((groupTimes.get(tag)?.length ?? 0) < expected && now() < deadline) await sleep(2)
    const times = groupTimes.get(tag) ?? []
    groupTimes.delete(tag)
    return { times }
  },
  async groupSend({ sender, target, tag }) {
    const sentAt = now()
    clients.get(sender).send(target, `g|${tag}|${sentAt}`)
    return { sentAt }
  },
  /** Scenario 1: open and authenticate idle connections, kept in `idle`; failures counted, not thrown. */
  async connectIdle({ system, url, credentials, spread, offset, concurrency, maxFailures }) {
    const adapter = adapters[system]
    const started = now()
    let failed = 0
    let retried = 0
    let firstError = null
    await pool(credentials, concurrency, async (credential, index) => {
      if (failed > maxFailures) return
      try {
        // One retry (counted): ejabberd's WebSocket login sometimes never answers <open/>.
        for (let attempt = 0; attempt < 2; attempt++) {
          let timer
          const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`connect of ${credential.user} timed out after 30 s`)), 30_000)))
          try {
            idle.push(await Promise.race([adapter.connect(url, credential, sourceAddress(offset + index, spread)), timeout]))
            break
          } catch (error) {
            if (attempt === 1) throw error
            retried++
          } finally {
            clearTimeout(timer)
          }
        }
      } catch (error) {
        failed++
        firstError ??= String(error?.message ?? error).slice(0, 200)
      }
    })
    return { connected: idle.length, failed, retried, firstError, seconds: (now() - started) / 1000 }
  },
  async close() {
    for (const client of clients.values()) client.close()
    clients.clear()
    for (const client of idle) client.close()
    idle.length = 0
    await sleep(200)
    return { closed: true }
  },
}

process.on('message', async ({ id, command, args }) => {
  try {
    process.send({ id, result: await handlers[command].call(handlers, args ?? {}) })
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) })
  }
})
process.on('disconnect', () => process.exit(0))
