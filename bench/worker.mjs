// A load-generator worker process (forked by bench/run.mjs). It holds some of the client
// connections and answers commands over IPC; every loop is bounded in count and time.
import * as warbler from './systems/warbler.mjs'
import * as rawWs from './systems/raw.mjs'
import * as ejabberd from './systems/ejabberd.mjs'
import { fullJitterDelay } from '@warbler/sdk'
import { now, pool, sleep, sourceAddress } from './lib/util.mjs'

const adapters = { warbler, rawWs, ejabberd }
const clients = new Map()
const idle = [] // scenario 1 connections
let direct = null // { latencies, received } while a direct run is going
const groupTimes = new Map() // tag → [receive times]
const storm = { entries: [], round: 0, adapter: null, url: null, backoffBaseMs: 1000, authTimeoutMs: null, deadline: 0, cpuAtArm: null } // scenario 4 clients

/** Scenario 4: counts a storm message of the current round for one client; `key` (seq or text) spots duplicates. */
function onStormText(entry, text, key) {
  if (!text.startsWith(`storm|${storm.round}|`)) return
  if (entry.seqs.has(key)) return entry.duplicates++
  entry.seqs.add(key)
  entry.received++
  entry.lastMessageAt = now()
}

/** Scenario 4: a Warbler client is the real SDK; its reconnects and catch-up are the SDK's own. */
async function connectSdkEntry(entry, httpUrl) {
  const { client, drop } = warbler.sdkClient(httpUrl, entry.credential, entry.address, { backoff: { baseMs: storm.backoffBaseMs, maxMs: 30_000 }, ...(storm.authTimeoutMs ? { authTimeoutMs: storm.authTimeoutMs } : {}) })
  entry.client = client
  entry.drop = drop
  client.on('connection-state-change', (change) => {
    if (change.state === 'connecting') entry.attemptAt = now()
    // The drop itself is attempt 1; each later 'disconnected' before the reconnect is a failed attempt.
    if (change.state === 'disconnected' && entry.armed && entry.reconnectedAt === null && change.attempt > 1) {
      entry.failedAttempts++
      entry.lastError = change.reason ?? null
    }
    if (change.state === 'connected' && entry.armed && entry.reconnectedAt === null) entry.reconnectedAt = now()
  })
  client.on('message', (message) => typeof message.body?.text === 'string' && onStormText(entry, message.body.text, `${message.conversationId}:${message.seq}`))
  let timer
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`SDK connect of ${entry.credential.user} timed out after 60 s`)), 60_000)))
  try {
    await Promise.race([client.connect(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Scenario 4: a raw-relay or XMPP client through its adapter; `drop()` terminates the socket. */
async function connectAdapterEntry(entry) {
  let timer
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`connect of ${entry.credential.user} timed out after 30 s`)), 30_000)))
  try {
    const client = await Promise.race([storm.adapter.connect(storm.url, entry.credential, entry.address), timeout])
    client.onText((text) => onStormText(entry, text, text))
    entry.client = client
    entry.drop = () => client.terminate()
  } finally {
    clearTimeout(timer)
  }
}

/** Scenario 4: reconnects one adapter client with full-jitter backoff (the SDK's delay function), bounded in attempts and time. */
async function reconnectAdapterEntry(entry) {
  for (let attempt = 0; attempt < 16 && now() < storm.deadline; attempt++) {
    await sleep(fullJitterDelay(attempt, { baseMs: storm.backoffBaseMs, maxMs: 30_000 }))
    entry.attemptAt = now()
    try {
      await connectAdapterEntry(entry)
      entry.reconnectedAt = now()
      return
    } catch (error) {
      entry.failedAttempts++
      entry.lastError = String(error?.message ?? error).slice(0, 200)
    }
  }
}

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
  /** Scenario 4: connects this worker's clients (SDK for Warbler), `concurrency` logins in flight. */
  async stormConnect({ system, url, httpUrl, credentials, spread, offset, concurrency, backoffBaseMs, authTimeoutMs }) {
    Object.assign(storm, { adapter: adapters[system], url, backoffBaseMs, authTimeoutMs })
    const started = now()
    storm.entries = credentials.map((credential, index) => ({ credential, inbox: credential.inbox, address: sourceAddress(offset + index, spread), client: null, drop: null, armed: false, attemptAt: null, reconnectedAt: null, received: 0, duplicates: 0, seqs: new Set(), lastMessageAt: null, failedAttempts: 0, lastError: null }))
    let retried = 0
    await pool(storm.entries, concurrency, async (entry) => {
      if (system === 'warbler') return connectSdkEntry(entry, httpUrl)
      // One retry (counted): ejabberd's WebSocket login sometimes never answers <open/>.
      await connectAdapterEntry(entry).catch(() => (retried++, connectAdapterEntry(entry)))
    })
    return { connected: storm.entries.length, retried, seconds: (now() - started) / 1000 }
  },
  /** Scenario 4: starts round `round`: clients count its messages and note their next reconnect. */
  async stormArm({ round, timeoutMs }) {
    storm.round = round
    storm.deadline = now() + timeoutMs
    storm.cpuAtArm = process.cpuUsage()
    for (const entry of storm.entries) Object.assign(entry, { armed: true, reconnectedAt: null, received: 0, duplicates: 0, seqs: new Set(), lastMessageAt: null, failedAttempts: 0, lastError: null })
    return { armed: storm.entries.length }
  },
  /** Scenario 4, client-side storm: at time `at` every socket of this worker is terminated at once; clients reconnect with backoff. */
  async stormDrop({ at, sdk }) {
    while (now() < at - 2) await sleep(Math.min(50, at - now() - 1))
    while (now() < at);
    const droppedAt = now()
    for (const entry of storm.entries) entry.drop()
    const droppedIn = now() - droppedAt
    if (!sdk) for (const entry of storm.entries) void reconnectAdapterEntry(entry)
    return { droppedAt, droppedInMs: droppedIn }
  },
  /**
   * Scenario 4: waits until every client is back and has `expected[inbox]` messages of the round
   * (inbox: its group, or itself), or, once all are back, until no message came for `quietMs`
   * (what is still missing then is counted as lost); bounded by `timeoutMs`.
   */
  async stormWait({ expected, timeoutMs, quietMs }) {
    const deadline = now() + timeoutMs
    const done = (entry) => entry.reconnectedAt !== null && entry.received >= (expected?.[entry.inbox] ?? 0)
    const quietSince = () => Math.max(...storm.entries.map((entry) => Math.max(entry.reconnectedAt ?? Infinity, entry.lastMessageAt ?? 0)))
    while (now() < deadline && !storm.entries.every(done) && now() - quietSince() < quietMs) await sleep(20)
    for (const entry of storm.entries) entry.armed = false
    const failed = storm.entries.find((entry) => entry.lastError)
    return {
      reconnectedAt: storm.entries.filter((entry) => entry.reconnectedAt !== null).map((entry) => entry.reconnectedAt),
      // Login time of the attempt that succeeded (socket open to authenticated), without the backoff wait.
      loginMs: storm.entries.filter((entry) => entry.reconnectedAt !== null).map((entry) => entry.reconnectedAt - entry.attemptAt),
      caughtUpAt: expected ? storm.entries.filter((entry) => entry.reconnectedAt !== null && entry.received >= expected[entry.inbox]).map((entry) => Math.max(entry.reconnectedAt, entry.lastMessageAt ?? 0)) : [],
      notReconnected: storm.entries.filter((entry) => entry.reconnectedAt === null).length,
      received: storm.entries.reduce((sum, entry) => sum + entry.received, 0),
      expected: expected ? storm.entries.reduce((sum, entry) => sum + expected[entry.inbox], 0) : 0,
      duplicates: storm.entries.reduce((sum, entry) => sum + entry.duplicates, 0),
      failedAttempts: storm.entries.reduce((sum, entry) => sum + entry.failedAttempts, 0),
      lastError: failed?.lastError ?? null,
      // This worker's own CPU over the round: the load generator shares the machine's cores with the server.
      workerCpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(storm.cpuAtArm)),
    }
  },
  async close() {
    for (const entry of storm.entries) entry.client?.close()
    storm.entries = []
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
