// Scenario 6, bot relay: a fake OpenAI-compatible provider streams replies at a fixed token rate;
// per token, the time from the provider writing it to its text being visible on the user's
// WebSocket (message.delta), against a baseline of the same client reading the provider directly.
// Started by `npm run bench -- --scenario bot [--quick] [--token-rates 50,500]
// [--concurrency 1,10,100] [--rounds 5] [--tokens 60] [--time-limit 900] [--cpu-prof DIR]`.
// Writes <results>/bot-relay.json (`--results DIR`, default test-output/bench/). Traffic only to 127.0.0.x; every loop bounded in count and time.
import { resultsDirOf } from './lib/results-dir.mjs'
import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import * as warbler from './systems/warbler.mjs'
import { cpuSeconds, latencySummary, now, round, rssKiB, sleep, sourceAddress } from './lib/util.mjs'

/** Conversations one bot serves at once (bots allow at most 64; beyond its limit a bot queues, then says it is busy). */
const CONVERSATIONS_PER_BOT = 50
const API_KEY = 'sk-bench'

/** Starts bench/lib/fake-provider.mjs; `call(command, args)` runs a command there. */
async function startProvider(tokensPerReply) {
  const child = fork(fileURLToPath(new URL('./lib/fake-provider.mjs', import.meta.url)), [], { env: { ...process.env, BENCH_TOKENS_PER_REPLY: String(tokensPerReply) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let nextId = 0
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fake provider did not start in 30 s')), 30_000)
    child.on('message', (message) => {
      if (message.ready) return clearTimeout(timer), resolve(message.baseURL)
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    })
    child.once('exit', (code) => reject(new Error(`fake provider exited (${code})`)))
  })
  const baseURL = await ready
  const call = (command, commandArgs = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => (pending.delete(id), reject(new Error(`fake provider: ${command} timed out`))), 30_000)
      pending.set(id, (result) => (clearTimeout(timer), resolve(result)))
      child.send({ id, command, ...commandArgs })
    })
  return { baseURL, pid: child.pid, call, stop: () => child.connected && child.disconnect() }
}

/** One authenticated user socket that asks a bot one question at a time and records the reply's frames. */
function connectUser(url, credential, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress, perMessageDeflate: false })
    const waiting = new Map()
    let nextId = 0
    let current = null // the question in flight and what has arrived for it
    const request = (frame) =>
      new Promise((done) => {
        const id = `r${nextId++}`
        waiting.set(id, done)
        socket.send(JSON.stringify({ ...frame, id }))
      })
    socket.on('message', (data) => {
      const at = now()
      const frame = JSON.parse(data.toString())
      if (frame.id && waiting.has(frame.id)) {
        waiting.get(frame.id)(frame)
        waiting.delete(frame.id)
      } else if (current) onReplyFrame(current, frame, at)
    })
    socket.once('error', reject)
    socket.once('open', async () => {
      const welcome = await request({ type: 'auth', token: credential.token })
      if (welcome.type !== 'welcome') return reject(new Error(`auth refused: ${JSON.stringify(welcome)}`))
      resolve({
        user: credential.user,
        openDirect: async (peerId) => {
          const answer = await request({ type: 'conversation.open-direct', peerId })
          if (!answer.data?.id) throw new Error(`open-direct ${peerId}: ${JSON.stringify(answer)}`)
          return answer.data.id
        },
        // Sends `text` and resolves once the bot's closing edit arrived; rejects loudly otherwise.
        ask: (conversationId, botId, text, timeoutMs) =>
          new Promise((done, fail) => {
            const timer = setTimeout(() => finish(new Error(`${credential.user}: no complete reply from ${botId} to "${text}" within ${timeoutMs} ms`)), timeoutMs)
            const finish = (error) => {
              clearTimeout(timer)
              const reply = current
              current = null
              if (error) fail(error)
              else done(reply)
            }
            current = { conversationId, botId, text, sentAt: now(), seq: null, deltas: [], endAt: null, finalText: null, finish }
            request({ type: 'message.send', clientMsgId: `${credential.user}-${text}`, conversationId, body: { type: 'text', text } }).then((ack) => {
              if (ack.type !== 'ack') finish(new Error(`${credential.user}: message.send refused: ${JSON.stringify(ack)}`))
            })
          }),
        close: () => socket.close(),
      })
    })
  })
}

/** Files one pushed frame under the question in flight: the streaming message, its deltas, the closing edit. */
function onReplyFrame(current, frame, at) {
  if (frame.conversationId !== current.conversationId) return
  if (frame.type === 'message.delta') {
    if (frame.seq !== current.seq) return current.finish(new Error(`delta for seq ${frame.seq} while waiting for seq ${current.seq}: ${JSON.stringify(frame)}`))
    current.deltas.push({ t: at, offset: frame.offset, text: frame.text })
  } else if (frame.type === 'event' && frame.senderId === current.botId) {
    if (frame.kind === 'message' && frame.status === 'streaming') current.seq = frame.seq
    else if (frame.kind === 'message') current.finish(new Error(`bot answered without streaming: ${JSON.stringify(frame.body)} ${JSON.stringify(frame.ext)}`))
    else if (frame.kind === 'edit' && frame.targetSeq === current.seq) {
      current.endAt = at
      current.finalText = frame.body?.text
      current.finalExt = frame.ext
      current.finish()
    }
  }
}

/** Streams one completion straight from the provider (the baseline); content chunks with their read times. */
async function askProvider(baseURL, text, timeoutMs) {
  const sentAt = now()
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-chat', stream: true, messages: [{ role: 'user', content: text }] }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!response.ok) throw new Error(`provider answered ${response.status}: ${await response.text()}`)
  const decoder = new TextDecoder()
  const deltas = []
  let buffer = ''
  let offset = 0
  let endAt = null
  for await (const bytes of response.body) {
    const at = now()
    buffer += decoder.decode(bytes, { stream: true })
    const events = buffer.split('\n\n')
    buffer = events.pop()
    for (const event of events) {
      if (!event.startsWith('data: ')) continue
      if (event === 'data: [DONE]') {
        endAt = at
        continue
      }
      const content = JSON.parse(event.slice(6)).choices?.[0]?.delta?.content
      if (content) deltas.push({ t: at, offset, text: content }), (offset += content.length)
    }
  }
  if (endAt === null) throw new Error(`provider stream for "${text}" ended without [DONE]`)
  return { text, sentAt, deltas, endAt, finalText: deltas.map((delta) => delta.text).join('') }
}

/**
 * Checks one reply against what the provider emitted (fails loudly on any difference) and returns
 * its timings: per token, emission → first frame whose text covers the token's last character.
 */
function analyse(emission, reply) {
  const sent = emission.texts.join('')
  let expectedOffset = 0
  for (const delta of reply.deltas) {
    if (delta.offset !== expectedOffset) throw new Error(`reply to "${reply.text}": delta at offset ${delta.offset}, expected ${expectedOffset}`)
    expectedOffset += delta.text.length
  }
  const received = reply.deltas.map((delta) => delta.text).join('')
  if (received !== sent) throw new Error(`reply to "${reply.text}": streamed text differs from the provider's ${emission.texts.length} tokens:\n  sent     ${JSON.stringify(sent)}\n  received ${JSON.stringify(received)}`)
  if (reply.finalText !== sent) throw new Error(`reply to "${reply.text}": final text differs from the provider's: ${JSON.stringify(reply.finalText)}`)
  const tokens = []
  let frame = 0
  let end = 0
  for (let index = 0; index < emission.texts.length; index++) {
    end += emission.texts[index].length
    while (reply.deltas[frame].offset + reply.deltas[frame].text.length < end) frame++
    tokens.push(reply.deltas[frame].t - emission.times[index])
  }
  return {
    tokens,
    first: tokens[0],
    lastToEnd: reply.endAt - emission.times.at(-1),
    sendToFirstEmission: emission.times[0] - reply.sentAt,
    frames: reply.deltas.length,
  }
}

/** Summary of one measured level (one system, token rate and concurrency). */
function levelRow(rate, concurrency, analysed, usage, serverCpuByRound) {
  const all = (key) => analysed.flatMap((reply) => reply[key])
  const perToken = (cpu, tokens) => round((cpu * 1e6) / tokens, 1)
  return {
    tokensPerSecond: rate,
    concurrency,
    replies: analysed.length,
    tokens: all('tokens').length,
    token: latencySummary(all('tokens')),
    firstToken: latencySummary(all('first')),
    lastTokenToEnd: latencySummary(all('lastToEnd')),
    sendToProviderFirstToken: latencySummary(all('sendToFirstEmission')),
    framesPerReply: round(all('frames').reduce((sum, value) => sum + value, 0) / analysed.length, 1),
    ...usage,
    // Server utime+stime per delivered token, in µs: over the level, and per round (each round
    // includes the 200 ms pause after it, where the closing edits commit). Robust to machine load.
    ...(serverCpuByRound.length > 0
      ? {
          serverCpuUsPerToken: perToken(
            serverCpuByRound.reduce((sum, entry) => sum + entry.cpu, 0),
            serverCpuByRound.reduce((sum, entry) => sum + entry.tokens, 0),
          ),
          serverCpuUsPerTokenByRound: serverCpuByRound.map((entry) => perToken(entry.cpu, entry.tokens)),
        }
      : {}),
  }
}

/** CPU of this process, the provider and (when given) the server, as % of one core over a span. */
function usageMeter(providerPid, serverPid) {
  const wallStart = performance.now()
  const client = process.cpuUsage()
  const provider = cpuSeconds(providerPid)
  const server = serverPid ? cpuSeconds(serverPid) : null
  return () => {
    const seconds = (performance.now() - wallStart) / 1000
    const percent = (used) => round((100 * used) / seconds, 0)
    const clientUsed = process.cpuUsage(client)
    return {
      ...(serverPid ? { serverCpuPercent: percent(cpuSeconds(serverPid) - server), serverRssMiB: round((rssKiB(serverPid) ?? 0) / 1024, 0) } : {}),
      providerCpuPercent: percent(cpuSeconds(providerPid) - provider),
      clientCpuPercent: percent((clientUsed.user + clientUsed.system) / 1e6),
    }
  }
}

/** Runs `rounds` rounds in which `concurrency` conversations each ask once, starts spread over one token interval. */
async function measureLevel({ provider, rate, concurrency, rounds, ask, serverPid, tagPrefix, deadline }) {
  await provider.call('rate', { tokensPerSecond: rate })
  const spacingMs = 1000 / rate / concurrency
  const meter = usageMeter(provider.pid, serverPid)
  const analysed = []
  const serverCpuByRound = [] // { cpu: seconds, tokens } per round, when serverPid is given
  for (let roundIndex = 0; roundIndex < rounds && Date.now() < deadline; roundIndex++) {
    const serverCpuStart = serverPid ? cpuSeconds(serverPid) : null
    const tokensBefore = analysed.reduce((sum, reply) => sum + reply.tokens.length, 0)
    const start = performance.now()
    const replies = await Promise.all(
      Array.from({ length: concurrency }, async (_, index) => {
        await sleep(Math.max(0, start + index * spacingMs - performance.now()))
        return ask(index, `${tagPrefix}r${roundIndex}c${index}`)
      }),
    )
    const emissions = new Map((await provider.call('take')).map((emission) => [emission.tag, emission]))
    for (const reply of replies) {
      const emission = emissions.get(reply.text)
      if (!emission) throw new Error(`the provider streamed nothing for "${reply.text}"`)
      analysed.push(analyse(emission, reply))
    }
    await sleep(200)
    if (serverCpuStart !== null) {
      const tokens = analysed.reduce((sum, reply) => sum + reply.tokens.length, 0) - tokensBefore
      serverCpuByRound.push({ cpu: cpuSeconds(serverPid) - serverCpuStart, tokens })
    }
  }
  return levelRow(rate, concurrency, analysed, meter(), serverCpuByRound)
}

/** Creates the users, the bots pointed at the provider and one direct conversation per user. */
async function setUpConversations(server, provider, count) {
  const botCount = Math.ceil(count / CONVERSATIONS_PER_BOT)
  for (let index = 0; index < botCount; index++)
    await server.bot({ id: `bench-bot-${index}`, name: `Bench bot ${index}`, provider: { baseUrl: provider.baseURL, apiKey: API_KEY, model: 'fake-chat' }, historyTokens: 0, maxConcurrency: 64 })
  const users = await server.users(count, 'botuser')
  return Promise.all(
    users.map(async (credential, index) => {
      const client = await connectUser(server.url, credential, sourceAddress(index, 8))
      const botId = `bench-bot-${index % botCount}`
      return { client, botId, conversationId: await client.openDirect(botId) }
    }),
  )
}

/** The difference warbler − baseline of the main percentiles of each level. */
function overheadRows(warblerRows, baselineRows) {
  return warblerRows.map((row) => {
    const base = baselineRows.find((candidate) => candidate.tokensPerSecond === row.tokensPerSecond && candidate.concurrency === row.concurrency)
    const minus = (key, percentile) => round(row[key][percentile] - base[key][percentile])
    return {
      tokensPerSecond: row.tokensPerSecond,
      concurrency: row.concurrency,
      tokenP50Ms: minus('token', 'p50Ms'),
      tokenP99Ms: minus('token', 'p99Ms'),
      tokenMaxMs: minus('token', 'maxMs'),
      firstTokenP50Ms: minus('firstToken', 'p50Ms'),
      firstTokenP99Ms: minus('firstToken', 'p99Ms'),
      lastTokenToEndP50Ms: minus('lastTokenToEnd', 'p50Ms'),
      lastTokenToEndP99Ms: minus('lastTokenToEnd', 'p99Ms'),
      sendToProviderFirstTokenP50Ms: minus('sendToProviderFirstToken', 'p50Ms'),
    }
  })
}

export async function runBotRelay({ args, log }) {
  const QUICK = Boolean(args.quick)
  const RATES = String(args['token-rates'] ?? '50,500').split(',').map(Number)
  const CONCURRENCY = String(args.concurrency ?? (QUICK ? '1,10' : '1,10,100')).split(',').map(Number)
  const ROUNDS = Number(args.rounds ?? (QUICK ? 3 : 5))
  const TOKENS = Number(args.tokens ?? 60)
  const DEADLINE = Date.now() + Number(args['time-limit'] ?? (QUICK ? 240 : 900)) * 1000
  const REPLY_TIMEOUT_MS = Math.ceil((TOKENS * 1000) / Math.min(...RATES)) + 30_000
  const maxConcurrency = Math.max(...CONCURRENCY)
  const results = { scenario: 'bot-relay', date: new Date().toISOString(), quick: QUICK, loadAverage: { start: loadavg().map((value) => round(value)) }, tokensPerReply: TOKENS, rounds: ROUNDS, tokenRates: RATES, concurrency: CONCURRENCY }
  let provider
  let server
  let conversations = []
  const stopAll = async () => {
    for (const conversation of conversations) conversation.client.close()
    await server?.stop().catch((error) => log('stop failed', error.message))
    provider?.stop()
  }
  const onSignal = async () => {
    await stopAll()
    process.exit(130)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    provider = await startProvider(TOKENS)
    // `--cpu-prof DIR` profiles the Warbler server as in bench/run.mjs (written when it stops).
    const extraNodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []
    server = await warbler.startServer({ synchronous: 'full', extraNodeArgs, env: { WARBLER_OUTBOUND_ALLOWLIST: '127.0.0.1' } })
    conversations = await setUpConversations(server, provider, maxConcurrency)
    log(`bot-relay: ${conversations.length} users in direct conversations with ${Math.ceil(maxConcurrency / CONVERSATIONS_PER_BOT)} bot(s); provider ${provider.baseURL}`)
    results.warbler = { label: server.label, bots: Math.ceil(maxConcurrency / CONVERSATIONS_PER_BOT), botSettings: { maxConcurrency: 64, historyTokens: 0, redactPii: true, knowledgeBaseIds: [] }, deltaIntervalMs: 40, rows: [] }
    results.baseline = { label: 'same client reading the fake provider directly (fetch + SSE)', rows: [] }
    const askWarbler = (index, text) => conversations[index].client.ask(conversations[index].conversationId, conversations[index].botId, text, REPLY_TIMEOUT_MS)
    const askBaseline = (index, text) => askProvider(provider.baseURL, text, REPLY_TIMEOUT_MS)
    // Warm-up (JIT, first reply of every conversation, provider connections), discarded.
    for (const ask of [askWarbler, askBaseline]) await measureLevel({ provider, rate: Math.max(...RATES), concurrency: maxConcurrency, rounds: 1, ask, serverPid: null, tagPrefix: 'warm', deadline: DEADLINE })
    results.skipped = []
    for (const rate of RATES)
      for (const concurrency of CONCURRENCY) {
        if (Date.now() > DEADLINE) {
          results.skipped.push({ tokensPerSecond: rate, concurrency })
          continue
        }
        const level = { provider, rate, concurrency, rounds: ROUNDS, deadline: DEADLINE }
        const baselineRow = await measureLevel({ ...level, ask: askBaseline, serverPid: null, tagPrefix: `b${rate}x${concurrency}` })
        results.baseline.rows.push(baselineRow)
        const warblerRow = await measureLevel({ ...level, ask: askWarbler, serverPid: server.pid, tagPrefix: `w${rate}x${concurrency}` })
        results.warbler.rows.push(warblerRow)
        log('bot-relay', JSON.stringify({ rate, concurrency, warblerToken: warblerRow.token, baselineToken: baselineRow.token, warblerFirst: warblerRow.firstToken, framesPerReply: warblerRow.framesPerReply, serverCpuPercent: warblerRow.serverCpuPercent, serverCpuUsPerToken: warblerRow.serverCpuUsPerToken, serverCpuUsPerTokenByRound: warblerRow.serverCpuUsPerTokenByRound }))
      }
    results.overhead = overheadRows(results.warbler.rows, results.baseline.rows)
    results.loadAverage.end = loadavg().map((value) => round(value))
  } finally {
    await stopAll()
  }
  console.log(JSON.stringify(results))
  const dir = resultsDirOf(args, { create: true })
  writeFileSync(`${dir}bot-relay.json`, JSON.stringify(results, null, 2))
  return results
}
