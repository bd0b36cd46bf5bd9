import { WarblerClient } from '@warbler/sdk'
import { RawClient } from '../helpers/raw-client.js'
import { CatchUpMeter } from './catch-up-meter.js'
import { ChaosProxy } from './chaos-proxy.js'
import { seededRandom } from './seeded-random.js'

/** The server a chaos run talks to. */
export interface ChaosBackend {
  /** The server's own URL (for setup and the final check, never through the proxy). */
  url: string
  port: number
  operatorKey: string
  /** SIGKILLs the server and starts it again on the same port and data dir (restart runs only). */
  killAndRestart?: () => Promise<void>
}

/** What a chaos run saw. */
export interface ChaosReport {
  seed: number
  messagesSent: number
  acked: number
  failures: string[]
  /** Sends whose promise settled more than once (impossible for a Promise, counted anyway). */
  doubleAcks: number
  /** Problems found: duplicates, gaps, order, storage. Empty when all is well. */
  problems: string[]
  /** Events the apps saw twice, over every client and conversation. */
  duplicatesSeen: number
  /** Seqs an app never saw, over every client and conversation. */
  gaps: number
  cuts: number
  connections: number
  catchUpMs: number[]
  catchUpOnSameConnection: number
  /** Acks that answered a re-send of a message the server already had (its first ack was lost). */
  duplicateAcks: number
  /** Messages waiting in the two senders' outboxes when the server was killed (restart runs). */
  pendingAtKill: number | undefined
  runMs: number
}

const MESSAGES_PER_USER = 1000
const GROUP_EVERY = 10
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await sleep(25)
  }
  return check()
}

async function rest(base: string, method: string, path: string, secret: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const parsed = (await response.json()) as any
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`)
  return parsed
}

/** Reads a whole conversation from the server (bounded), as `alice` sees it. */
async function readLog(url: string, token: string, conversationId: string): Promise<{ seq: number; kind: string; clientMsgId?: string }[]> {
  const raw = await RawClient.connect(url, token)
  try {
    const events: { seq: number; kind: string; clientMsgId?: string }[] = []
    for (let page = 0; page < 100; page++) {
      const answer = await raw.request({ type: 'history', conversationId, afterSeq: events.at(-1)?.seq ?? 0, limit: 1000 })
      if (answer.type !== 'result') throw new Error(`history: ${JSON.stringify(answer)}`)
      events.push(...answer.data.events)
      if (!answer.data.hasMore) break
    }
    return events
  } finally {
    raw.close()
  }
}

/**
 * Two users exchange `MESSAGES_PER_USER` direct messages each way, and post every tenth into a
 * group a third member watches, while a proxy cuts every connection every 50–500 ms (and, when the
 * backend can, the server is SIGKILLed and restarted mid-run). Then checks: every send acked once,
 * stored once (no clientMsgId twice, seqs gapless) and handed to every member's app exactly once,
 * in order.
 */
export async function runChaos(backend: ChaosBackend, seed: number): Promise<ChaosReport> {
  const started = Date.now()
  const random = seededRandom(seed)
  const app = await rest(backend.url, 'POST', '/api/v1/apps', backend.operatorKey, { name: 'chaos' })
  const users = ['alice', 'bob', 'carol'] as const
  const tokens: Record<string, string> = {}
  for (const id of users) {
    await rest(backend.url, 'POST', `/api/v1/apps/${app.id}/users`, app.secret, { id, name: id })
    tokens[id] = (await rest(backend.url, 'POST', `/api/v1/apps/${app.id}/users/${id}/tokens`, app.secret, { ttlSeconds: 3600 })).token
  }

  const proxy = new ChaosProxy(backend.port)
  const proxyUrl = await proxy.listen()
  const clients = new Map<string, WarblerClient>()
  const meters = new Map<string, CatchUpMeter>()
  /** Per user, per conversation: the seqs of every event handed to the app, in order. */
  const seen = new Map<string, Map<string, number[]>>()
  try {
    for (const id of users) {
      const meter = new CatchUpMeter()
      const client = new WarblerClient({
        url: proxyUrl,
        token: tokens[id]!,
        WebSocket: meter.webSocket(),
        backoff: { baseMs: 50, maxMs: 500 },
        sendTimeoutMs: null,
        requestTimeoutMs: 5000,
      })
      meter.attach(client)
      const byConversation = new Map<string, number[]>()
      seen.set(id, byConversation)
      client.on('event', (event) => {
        const list = byConversation.get(event.conversationId) ?? []
        list.push(event.seq)
        byConversation.set(event.conversationId, list)
      })
      await client.connect()
      clients.set(id, client)
      meters.set(id, meter)
    }
    const group = await rest(backend.url, 'POST', `/api/v1/apps/${app.id}/groups`, app.secret, { name: 'watched', ownerId: 'alice', memberIds: ['bob', 'carol'] })
    const direct = await clients.get('alice')!.openDirect('bob')
    const members = new Map<string, readonly string[]>([
      [direct.id, ['alice', 'bob']],
      [group.id, ['alice', 'bob', 'carol']],
    ])

    proxy.startChaos(random, 50, 500)
    const acked = new Map<string, { conversationId: string; seq: number; times: number }>()
    const failures: string[] = []
    let sent = 0
    let duplicateAcks = 0
    let pendingAtKill: number | undefined
    const sendOne = (user: string, conversationId: string, clientMsgId: string) => {
      sent += 1
      return clients
        .get(user)!
        .send(conversationId, { type: 'text', text: clientMsgId }, { clientMsgId })
        .then(
          (result) => {
            if (result.duplicate) duplicateAcks += 1
            const previous = acked.get(clientMsgId)
            acked.set(clientMsgId, { conversationId, seq: result.seq, times: (previous?.times ?? 0) + 1 })
          },
          (error: unknown) => void failures.push(`${clientMsgId}: ${String(error)}`),
        )
    }
    const killAt = Math.floor(MESSAGES_PER_USER * (0.3 + random() * 0.3))
    let restart: Promise<void> | undefined
    const senders = ['alice', 'bob'].map(async (user) => {
      const sends: Promise<void>[] = []
      for (let index = 0; index < MESSAGES_PER_USER; index++) {
        sends.push(sendOne(user, direct.id, `${user}-d-${index}`))
        if (index % GROUP_EVERY === 0) sends.push(sendOne(user, group.id, `${user}-g-${index}`))
        if (user === 'alice' && index === killAt && backend.killAndRestart) {
          pendingAtKill = clients.get('alice')!.pendingMessages().length + clients.get('bob')!.pendingMessages().length
          restart = backend.killAndRestart()
        }
        // Paced so the exchange spans many cuts (about 5 s).
        await sleep(4)
      }
      await Promise.all(sends)
    })
    const allSent = await Promise.race([Promise.all(senders).then(() => true), sleep(40_000).then(() => false)])
    await restart
    proxy.stopChaos()
    const problems: string[] = []
    if (!allSent) problems.push(`not every send was acked within 40 s (${acked.size} of ${sent})`)

    // Every member's app reaches the server's end of each conversation (bounded wait).
    const logs = new Map<string, Awaited<ReturnType<typeof readLog>>>()
    for (const conversationId of members.keys()) logs.set(conversationId, await readLog(backend.url, tokens.alice!, conversationId))
    const reachedEnd = () =>
      [...members].every(([conversationId, ids]) =>
        ids.every((id) => (seen.get(id)!.get(conversationId)?.at(-1) ?? 0) >= (logs.get(conversationId)!.at(-1)?.seq ?? 0)),
      )
    if (!(await until(reachedEnd, 20_000))) problems.push('some client did not catch up within 20 s of the last ack')

    // Stored once: seqs gapless from 1, no clientMsgId twice, every ack points at its message.
    for (const [conversationId, log] of logs) {
      log.forEach((event, index) => {
        if (event.seq !== index + 1) problems.push(`${conversationId}: stored seq ${event.seq} at position ${index + 1}`)
      })
      const ids = log.filter((event) => event.clientMsgId).map((event) => event.clientMsgId!)
      if (new Set(ids).size !== ids.length) problems.push(`${conversationId}: a clientMsgId is stored twice`)
    }
    const storedAt = new Map<string, string>()
    for (const [conversationId, log] of logs) for (const event of log) if (event.clientMsgId) storedAt.set(event.clientMsgId, `${conversationId}#${event.seq}`)
    for (const [clientMsgId, ack] of acked) {
      if (storedAt.get(clientMsgId) !== `${ack.conversationId}#${ack.seq}`) problems.push(`${clientMsgId} acked as #${ack.seq}, stored as ${storedAt.get(clientMsgId)}`)
    }
    const doubleAcks = [...acked.values()].filter((ack) => ack.times !== 1).length

    // Received exactly once, in order: each member's app saw exactly 1..N.
    let duplicatesSeen = 0
    let gaps = 0
    for (const [conversationId, ids] of members) {
      const last = logs.get(conversationId)!.at(-1)?.seq ?? 0
      for (const id of ids) {
        const seqs = seen.get(id)!.get(conversationId) ?? []
        duplicatesSeen += seqs.length - new Set(seqs).size
        const distinct = new Set(seqs)
        for (let seq = 1; seq <= last; seq++) if (!distinct.has(seq)) gaps += 1
        const inOrder = seqs.every((seq, index) => seq === index + 1)
        if (!inOrder || seqs.length !== last) problems.push(`${id} saw ${conversationId} as ${summarize(seqs)} (expected 1..${last})`)
      }
    }
    return {
      seed,
      messagesSent: sent,
      acked: acked.size,
      failures,
      doubleAcks,
      problems,
      duplicatesSeen,
      gaps,
      cuts: proxy.cuts,
      connections: proxy.accepted,
      catchUpMs: [...meters.values()].flatMap((meter) => meter.durations),
      catchUpOnSameConnection: [...meters.values()].reduce((sum, meter) => sum + meter.sameConnection, 0),
      duplicateAcks,
      pendingAtKill,
      runMs: Date.now() - started,
    }
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close().catch(() => {})))
    await proxy.close()
  }
}

/** A short description of a seq list, for failure messages: runs like `1-40,42,41,43-90`. */
function summarize(seqs: readonly number[]): string {
  const parts: string[] = []
  let start = seqs[0]
  for (let index = 1; index <= seqs.length; index++) {
    if (seqs[index] === seqs[index - 1]! + 1) continue
    parts.push(start === seqs[index - 1] ? `${start}` : `${start}-${seqs[index - 1]}`)
    start = seqs[index]
  }
  const text = parts.join(',')
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

/** The p-th percentile (0..100), nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
