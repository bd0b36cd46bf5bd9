// Scenario 4, reconnect storm: N clients are connected, then every connection drops at the same
// instant; time until every client is authenticated again and (Warbler) has every message sent to
// it while it was down. Started by `npm run bench -- --scenario storm [--connections 10000 | --quick]
// [--systems warbler,ejabberd,ejabberdOffline,rawWs] [--workers 4] [--spread 16] [--concurrency 32]
// [--group-size 100] [--messages 5] [--backoff-base 1000] [--auth-timeout MS (Warbler SDK authTimeoutMs)]`.
//
// Variants: `client-drop` (all three systems): at a barrier every worker terminates all its sockets
// (no closing handshake) and each client reconnects after a full-jitter delay (0..base, doubling on
// failure; the SDK's `fullJitterDelay`). `server-kill` (Warbler only): the server process gets SIGKILL
// and is restarted on the same data dir and port; the SDK clients notice the dead sockets and
// reconnect by themselves. Warbler clients are the real SDK (@warbler/sdk); each user is in one group
// of `--group-size` members, and while the clients are down every group gets `--messages` messages
// through REST; "caught up" = the client's SDK emitted all of them (sync + history pull, or live).
// ejabberd (no mod_offline) and the raw relay store nothing: catch-up is "n/a" for them. The labelled
// variant `ejabberdOffline` loads mod_offline; while its clients are down a connected sender sends one
// chat message to every user, and "caught up" = the client received it (offline delivery on login).
// Writes <results>/storm-<N>.json (`--results DIR`, default test-output/bench/). Traffic only to 127.0.0.x; every loop bounded.
import { resultsDirOf } from './lib/results-dir.mjs'
import { writeFileSync } from 'node:fs'
import * as ejabberd from './systems/ejabberd.mjs'
import { cpuSeconds, latencySummary, listenOverflows, loadAverage, now, pool, round, rssKiB, sleep, stopOnSignal } from './lib/util.mjs'

const ROUND_TIMEOUT_MS = 240_000
// Once every client is back, a round ends when no awaited message arrived for this long.
const QUIET_MS = 15_000
// The labelled ejabberd variant with offline storage: one chat message per user while it is down.
const EJABBERD_OFFLINE = { adapter: 'ejabberd', start: () => ejabberd.startServer({ offline: true }) }

/** Splits `users` into groups of `size` owned by `sender`; each user's `inbox` is its group. */
async function makeGroups(server, sender, users, size) {
  const chunks = Array.from({ length: Math.ceil(users.length / size) }, (_, index) => users.slice(index * size, (index + 1) * size))
  return pool(chunks, 4, async (members, index) => {
    const id = await server.group(`storm${index}`, sender, members)
    for (const member of members) member.inbox = id
    return id
  })
}

/**
 * Warbler: sends `perGroup` tagged messages into every group through REST; returns sends and the
 * count per inbox. Each send is retried up to 10 times, 1 s apart: during a storm the REST
 * connection competes with every reconnect for the listener's accept queue.
 */
async function sendToGroups({ server, sender, groups, perGroup, roundNumber }) {
  const jobs = Array.from({ length: perGroup }, (_, index) => groups.map((group) => ({ group, index }))).flat()
  const expected = Object.fromEntries(groups.map((group) => [group, 0]))
  await pool(jobs, 16, async ({ group, index }) => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      try {
        await server.sendMessage(sender.user, { conversationId: group }, `storm|${roundNumber}|${index}`)
        expected[group]++
        return
      } catch (error) {
        if (attempt === 10) throw new Error(`REST send into ${group} failed 10 times: ${error.message}`)
        await sleep(1000)
      }
    }
  })
  return { messagesSent: jobs.length, expected }
}

/** ejabberd with mod_offline: one tagged chat message to every user from the (still connected) sender; the inbox is the user itself. */
async function sendToUsers({ senderClient, users, roundNumber }) {
  for (const [index, user] of users.entries()) {
    senderClient.send(user.jid, `storm|${roundNumber}|${index}`)
    if (index % 500 === 499) await sleep(5)
  }
  return { messagesSent: users.length, expected: Object.fromEntries(users.map((user) => [user.inbox, 1])) }
}

/** Turns the workers' answers of one round into a result row (times relative to `droppedAt`). */
function roundRow({ variant, parts, droppedAt, total, sent, sendDoneAt, extra }) {
  const reconnected = parts.flatMap((part) => part.reconnectedAt)
  const caughtUp = parts.flatMap((part) => part.caughtUpAt)
  const received = parts.reduce((sum, part) => sum + part.received, 0)
  const expected = parts.reduce((sum, part) => sum + part.expected, 0)
  const row = {
    variant,
    connections: total,
    reconnected: reconnected.length,
    notReconnected: parts.reduce((sum, part) => sum + part.notReconnected, 0),
    failedAttempts: parts.reduce((sum, part) => sum + part.failedAttempts, 0),
    lastError: parts.find((part) => part.lastError)?.lastError ?? null,
    dropToLastAuthenticatedMs: reconnected.length ? round(Math.max(...reconnected) - droppedAt, 0) : null,
    perClientReconnect: latencySummary(reconnected.map((time) => time - droppedAt)),
    perClientLogin: latencySummary(parts.flatMap((part) => part.loginMs)),
    workersCpuSeconds: round(parts.reduce((sum, part) => sum + part.workerCpuSeconds, 0), 1),
    ...extra,
  }
  if (sent) {
    row.caughtUp = {
      messagesSent: sent.messagesSent,
      deliveriesExpected: expected,
      deliveriesReceived: received,
      lost: expected - received,
      duplicates: parts.reduce((sum, part) => sum + part.duplicates, 0),
      clientsCaughtUp: caughtUp.length,
      dropToLastSendAckedMs: round(sendDoneAt - droppedAt, 0),
      dropToLastCaughtUpMs: caughtUp.length ? round(Math.max(...caughtUp) - droppedAt, 0) : null,
      perClient: latencySummary(caughtUp.map((time) => time - droppedAt)),
    }
  } else row.caughtUp = 'n/a: no offline storage (nothing is kept for a disconnected client)'
  return row
}

/**
 * Why a round did not measure what it claims, or null: a client never came back, or (Warbler, whose
 * SDK promises every stored message once) a message missing or twice. ejabberd's losses are a result:
 * a message routed to a session it still thinks alive is dropped (no XEP-0198 stream management).
 */
function roundProblem(row, sdk) {
  if (row.notReconnected > 0) return `${row.notReconnected} of ${row.connections} clients did not reconnect (${row.lastError})`
  if (sdk && typeof row.caughtUp === 'object') {
    const { deliveriesExpected, deliveriesReceived, clientsCaughtUp, duplicates } = row.caughtUp
    if (deliveriesReceived !== deliveriesExpected || clientsCaughtUp !== row.connections || duplicates > 0)
      return `caught up ${clientsCaughtUp}/${row.connections} clients, ${deliveriesReceived}/${deliveriesExpected} deliveries, ${duplicates} duplicates`
  }
  return null
}

/** One storm round: drops every connection (client side, or by killing the Warbler server), then waits for reconnect and catch-up. */
async function stormRound({ server, workers, variant, roundNumber, sendWhileDown, log }) {
  const sdk = server.system === 'warbler'
  const cpuBefore = cpuSeconds(server.pid)
  const overflowsBefore = listenOverflows()
  await workers.all('stormArm', () => ({ round: roundNumber, timeoutMs: ROUND_TIMEOUT_MS }))
  let droppedAt
  const extra = {}
  if (variant === 'server-kill') {
    droppedAt = now()
    await server.kill()
    await server.restart()
    extra.killToListeningMs = round(now() - droppedAt, 0)
  } else {
    const at = now() + 1000
    const drops = await workers.all('stormDrop', () => ({ at, sdk }))
    droppedAt = Math.min(...drops.map((drop) => drop.droppedAt))
    extra.dropSpreadMs = round(Math.max(...drops.map((drop) => drop.droppedAt + drop.droppedInMs)) - droppedAt, 1)
  }
  const sent = sendWhileDown ? await sendWhileDown(roundNumber) : null
  const sendDoneAt = now()
  const parts = await workers.all('stormWait', () => ({ expected: sent?.expected ?? null, timeoutMs: ROUND_TIMEOUT_MS, quietMs: QUIET_MS }), ROUND_TIMEOUT_MS + 30_000)
  // Server CPU over the round (Warbler after a kill: the new process only).
  extra.serverCpuSeconds = variant === 'server-kill' ? cpuSeconds(server.pid) : round(cpuSeconds(server.pid) - cpuBefore, 1)
  extra.serverRssMiB = round((rssKiB(server.pid) ?? 0) / 1024, 0)
  extra.loadAverageAfter = loadAverage()
  // Connections the kernel refused because a listener's accept queue was full (machine-wide counter).
  const overflowsAfter = listenOverflows()
  extra.tcpListenOverflows = overflowsAfter.overflows - overflowsBefore.overflows
  extra.tcpListenDrops = overflowsAfter.drops - overflowsBefore.drops
  const total = parts.reduce((sum, part) => sum + part.reconnectedAt.length + part.notReconnected, 0)
  const row = roundRow({ variant, parts, droppedAt, total, sent, sendDoneAt, extra })
  log(server.label, 'storm', JSON.stringify(row))
  const problem = roundProblem(row, sdk)
  if (problem) {
    row.failure = problem
    log(server.label, 'storm', variant, 'FAILED:', problem)
  }
  return row
}

export async function runStorm({ args, startWorkers, SYSTEM_SETUP, log }) {
  const N = Number(args.connections ?? (args.quick ? 2000 : 10000))
  const SYSTEMS = String(args.systems ?? 'warbler,ejabberd,ejabberdOffline,rawWs').split(',')
  const WORKERS = Number(args.workers ?? 4)
  const SPREAD = Number(args.spread ?? 16)
  const CONCURRENCY = Number(args.concurrency ?? 32)
  const GROUP_SIZE = Number(args['group-size'] ?? 100)
  const PER_GROUP = Number(args.messages ?? 5)
  const BACKOFF_BASE_MS = Number(args['backoff-base'] ?? 1000)
  // The SDK's authTimeoutMs (open + auth; default 10 s) for Warbler clients; unset keeps the SDK default.
  const AUTH_TIMEOUT_MS = args['auth-timeout'] ? Number(args['auth-timeout']) : null
  const results = { scenario: 'storm', date: new Date().toISOString(), connections: N, workers: WORKERS, spread: SPREAD, groupSize: GROUP_SIZE, messagesPerGroup: PER_GROUP, backoffBaseMs: BACKOFF_BASE_MS, sdkAuthTimeoutMs: AUTH_TIMEOUT_MS ?? 'SDK default (10000)', loadAverageBefore: loadAverage() }
  const running = stopOnSignal()
  for (const name of SYSTEMS) {
    const setup = name === 'ejabberdOffline' ? EJABBERD_OFFLINE : SYSTEM_SETUP[name]
    if (!setup) throw new Error(`unknown system ${name}`)
    const entry = (results[name] = {})
    let server
    let workers
    let senderClient
    try {
      log('storm: starting', name)
      server = running.current = await setup.start()
      entry.label = server.label
      const users = await server.users(N, 's')
      const [sender] = await server.users(1, 'stormsender')
      let sendWhileDown = null // what clients must catch up on; none where nothing is stored
      if (setup.adapter === 'warbler') {
        const groups = await makeGroups(server, sender, users, GROUP_SIZE)
        sendWhileDown = (roundNumber) => sendToGroups({ server, sender, groups, perGroup: PER_GROUP, roundNumber })
      } else if (name === 'ejabberdOffline') {
        for (const user of users) user.inbox = user.user
        senderClient = await ejabberd.connect(server.url, sender, '127.0.0.1')
        sendWhileDown = (roundNumber) => sendToUsers({ senderClient, users, roundNumber })
      }
      workers = startWorkers(WORKERS)
      const connected = await workers.all(
        'stormConnect',
        (worker) => ({ system: setup.adapter, url: server.url, httpUrl: server.httpUrl, credentials: users.filter((_, index) => index % WORKERS === worker), spread: SPREAD, offset: worker, concurrency: CONCURRENCY, backoffBaseMs: BACKOFF_BASE_MS, authTimeoutMs: AUTH_TIMEOUT_MS }),
        Math.max(300_000, N * 60),
      )
      entry.connectSeconds = round(Math.max(...connected.map((part) => part.seconds)), 1)
      entry.connectRetried = connected.reduce((sum, part) => sum + part.retried, 0)
      log(name, `${N} clients connected in ${entry.connectSeconds} s`)
      await sleep(2000)
      const variants = setup.adapter === 'warbler' ? ['client-drop', 'server-kill'] : ['client-drop']
      for (const [index, variant] of variants.entries()) {
        await sleep(2000)
        entry[variant] = await stormRound({ server, workers, variant, roundNumber: index + 1, sendWhileDown, log })
      }
    } catch (error) {
      entry.error = String(error?.message ?? error).split('\n')[0].slice(0, 500)
      log(name, 'storm failed:', entry.error)
    } finally {
      senderClient?.close()
      await workers?.stop().catch(() => {})
      await server?.stop().catch((error) => log('stop failed', name, error.message))
      running.current = null
    }
  }
  const lastAuth = (name) => results[name]?.['client-drop']?.dropToLastAuthenticatedMs ?? null
  const ratio = (a, b) => (a && b ? round(a / b, 2) : null)
  results.ratios = {
    clientDropToLastAuthenticated_warblerOverEjabberd: ratio(lastAuth('warbler'), lastAuth('ejabberd')),
    clientDropToLastAuthenticated_warblerOverRawWs: ratio(lastAuth('warbler'), lastAuth('rawWs')),
  }
  results.loadAverageAfter = loadAverage()
  console.log(JSON.stringify(results))
  const dir = resultsDirOf(args, { create: true })
  writeFileSync(`${dir}storm-${N}${args.systems ? `-${SYSTEMS.join('-')}` : ''}${AUTH_TIMEOUT_MS ? `-auth${AUTH_TIMEOUT_MS}` : ''}.json`, JSON.stringify(results, null, 2))
  // Fail loudly (non-zero exit) when a round did not measure what it claims; the results are written first.
  const failures = SYSTEMS.flatMap((name) => [results[name].error, results[name]['client-drop']?.failure, results[name]['server-kill']?.failure].filter(Boolean).map((problem) => `${name}: ${problem}`))
  if (failures.length) throw new Error(`storm run incomplete:\n${failures.join('\n')}`)
  return results
}
