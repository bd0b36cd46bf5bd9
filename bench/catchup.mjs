// Scenario 5, catch-up: one user is offline while M messages arrive across K conversations (full:
// 10,000 across 100; quick: 1,000 across 20); then it connects. Time until fully synced.
// Started by `npm run bench -- --scenario catchup [--quick] [--messages 10000] [--conversations 100]
// [--systems warbler,ejabberd,rawWs]`.
//
// Warbler, with the real SDK (@warbler/sdk) in this process: K senders each send M/K direct messages
// to the reader through REST while the reader is offline. Two reader devices are timed, from
// `connect()` until every message is in the client's store (MemoryStore) and the conversation list
// shows K rows with unread count M/K each:
//   - returning: the device was connected before (the conversations and its cursors are in its store),
//   - fresh: a new device with an empty store (it starts every conversation at the read position).
// ejabberd, started with mod_offline for this scenario: the same messages as XMPP chat stanzas, stored
// offline; timed from the start of the reader's login until it has received all of them (ejabberd
// sends them after the initial presence). XMPP has no conversation list or unread counts.
// The raw relay stores nothing: "n/a". Writes <results>/catchup-<M>.json (`--results DIR`, default test-output/bench/). Loopback only.
import { resultsDirOf } from './lib/results-dir.mjs'
import { writeFileSync } from 'node:fs'
import { MemoryStore, WarblerClient } from '@warbler/sdk'
import * as warbler from './systems/warbler.mjs'
import * as ejabberd from './systems/ejabberd.mjs'
import { loadAverage, now, pool, round, rssKiB, sleep } from './lib/util.mjs'

const SYNC_TIMEOUT_MS = 300_000

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes; returns whether it did. */
async function waitFor(check, timeoutMs) {
  const deadline = now() + timeoutMs
  while (now() < deadline) {
    if (await check()) return true
    await sleep(20)
  }
  return false
}

/** Whether the SDK client's store holds every tagged message and its list shows the right unread counts. */
async function warblerSynced(client, perConversation) {
  const rows = client.conversations().filter((row) => row.kind === 'direct')
  if (rows.length !== perConversation.size) return false
  for (const row of rows) {
    const expected = perConversation.get(row.id)
    if (row.unreadCount !== expected) return false
    const stored = await client.localHistory(row.id, { limit: expected + 50 })
    if (stored.filter((message) => message.body?.text?.startsWith('cu|')).length !== expected) return false
  }
  return true
}

/** Connects one SDK reader on `store` and times connect() and "fully synced"; fails loudly if it never is. */
async function timeWarblerReader(server, reader, store, perConversation, label, log) {
  const client = new WarblerClient({ url: server.httpUrl, token: reader.token, store })
  let emitted = 0
  client.on('message', (message) => message.body?.text?.startsWith('cu|') && emitted++)
  const started = now()
  await client.connect()
  const connectResolvedMs = now() - started
  const syncedAtResolve = await warblerSynced(client, perConversation)
  const synced = syncedAtResolve || (await waitFor(() => warblerSynced(client, perConversation), SYNC_TIMEOUT_MS))
  // Already complete when connect() resolved: that instant is the synced time (not the end of our check).
  const fullySyncedMs = syncedAtResolve ? connectResolvedMs : now() - started
  await client.close()
  const row = { device: label, connectResolvedMs: round(connectResolvedMs, 0), fullySyncedMs: round(fullySyncedMs, 0), syncedWhenConnectResolved: syncedAtResolve, messageEventsEmitted: emitted }
  log('catchup warbler', JSON.stringify(row))
  if (!synced) throw new Error(`warbler ${label} device not synced after ${SYNC_TIMEOUT_MS / 1000} s`)
  return row
}

/** Warbler: the reader goes offline, M messages arrive through REST, then two devices catch up. */
async function warblerCatchup({ M, K, log }) {
  const server = await warbler.startServer()
  try {
    const [reader] = await server.users(1, 'reader')
    const senders = await server.users(K, 'c')
    // The returning device: it was online once and knows the (empty) conversations.
    const store = new MemoryStore()
    const before = new WarblerClient({ url: server.httpUrl, token: reader.token, store })
    await before.connect()
    const conversations = await pool(senders, 8, async (sender) => (await before.openDirect(sender.user)).id)
    await before.close()
    const perConversation = new Map(conversations.map((id) => [id, 0]))
    const jobs = Array.from({ length: M }, (_, index) => ({ index, sender: senders[index % K], conversation: conversations[index % K] }))
    const sendStarted = now()
    await pool(jobs, 16, async ({ index, sender, conversation }) => {
      await server.sendMessage(sender.user, { conversationId: conversation }, `cu|${index}`)
      perConversation.set(conversation, perConversation.get(conversation) + 1)
    })
    const sendSeconds = (now() - sendStarted) / 1000
    log('catchup warbler', `${M} messages sent through REST in ${round(sendSeconds, 1)} s`)
    await sleep(1000)
    const returning = await timeWarblerReader(server, reader, store, perConversation, 'returning', log)
    const fresh = await timeWarblerReader(server, reader, new MemoryStore(), perConversation, 'fresh', log)
    return { label: server.label, client: '@warbler/sdk (Node, MemoryStore)', messages: M, conversations: K, restSendSeconds: round(sendSeconds, 1), returning, fresh, serverRssMiB: round((rssKiB(server.pid) ?? 0) / 1024, 0) }
  } finally {
    await server.stop()
  }
}

/** ejabberd with mod_offline: K XMPP senders send M chat messages to the offline reader, then it logs in. */
async function ejabberdCatchup({ M, K, log }) {
  const server = await ejabberd.startServer({ offline: true })
  try {
    const [reader] = await server.users(1, 'reader')
    const senders = await server.users(K, 'c')
    const clients = await pool(senders, 16, (sender) => ejabberd.connect(server.url, sender, '127.0.0.1'))
    const sendStarted = now()
    for (let index = 0; index < M; index++) {
      clients[index % K].send(reader.jid, `cu|${index}`)
      if (index % 500 === 499) await sleep(5)
    }
    const stored = await waitFor(async () => (await server.offlineCount(reader.user)) >= M, 120_000)
    const storeSeconds = (now() - sendStarted) / 1000
    const offlineStored = await server.offlineCount(reader.user)
    for (const client of clients) client.close()
    if (!stored) throw new Error(`ejabberd stored ${offlineStored} of ${M} offline messages`)
    log('catchup ejabberd', `${M} messages stored offline in ${round(storeSeconds, 1)} s`)
    await sleep(1000)
    const seen = new Set()
    let duplicates = 0
    const started = now()
    const client = await ejabberd.connect(server.url, reader, '127.0.0.1')
    const loginMs = now() - started
    client.onText((text) => (seen.has(text) ? duplicates++ : seen.add(text)))
    const complete = await waitFor(() => seen.size >= M, SYNC_TIMEOUT_MS)
    const allReceivedMs = now() - started
    client.close()
    const row = { label: server.label, client: 'XMPP over WebSocket (bench adapter)', messages: M, senders: K, offlineStoreSeconds: round(storeSeconds, 1), loginMs: round(loginMs, 0), allReceivedMs: round(allReceivedMs, 0), received: seen.size, duplicates, conversationListAndUnreadCounts: 'n/a: XMPP offline delivery has no conversation list or unread counts', serverRssMiB: round((rssKiB(server.pid) ?? 0) / 1024, 0) }
    log('catchup ejabberd', JSON.stringify(row))
    if (!complete || duplicates > 0) throw new Error(`ejabberd delivered ${seen.size} of ${M} offline messages (${duplicates} duplicates)`)
    return row
  } finally {
    await server.stop()
  }
}

export async function runCatchup({ args, log }) {
  const M = Number(args.messages ?? (args.quick ? 1000 : 10000))
  const K = Number(args.conversations ?? (args.quick ? 20 : 100))
  const SYSTEMS = String(args.systems ?? 'warbler,ejabberd,rawWs').split(',')
  if (M / K > 150) throw new Error('more than 150 messages per conversation: the SDK MemoryStore keeps only the newest 200')
  const results = { scenario: 'catchup', date: new Date().toISOString(), messages: M, conversations: K, loadAverageBefore: loadAverage() }
  const runners = { warbler: warblerCatchup, ejabberd: ejabberdCatchup }
  for (const name of SYSTEMS) {
    if (name === 'rawWs') {
      results.rawWs = 'n/a: the raw relay stores nothing for an offline client'
      continue
    }
    if (!runners[name]) throw new Error(`unknown system ${name} (catchup runs warbler, ejabberd, rawWs)`)
    try {
      log('catchup: starting', name)
      results[name] = await runners[name]({ M, K, log })
    } catch (error) {
      results[name] = { error: String(error?.message ?? error).split('\n')[0].slice(0, 500) }
      log(name, 'catchup failed:', results[name].error)
    }
  }
  results.loadAverageAfter = loadAverage()
  const warblerMs = results.warbler?.returning?.fullySyncedMs
  const ejabberdMs = results.ejabberd?.allReceivedMs
  results.ratios = { returningFullySynced_warblerOverEjabberdAllReceived: warblerMs && ejabberdMs ? round(warblerMs / ejabberdMs, 2) : null }
  console.log(JSON.stringify(results))
  const dir = resultsDirOf(args, { create: true })
  writeFileSync(`${dir}catchup-${M}.json`, JSON.stringify(results, null, 2))
  return results
}
