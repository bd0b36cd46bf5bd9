// Warbler adapter: starts the built server (packages/server/dist) and speaks its WebSocket protocol.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { WarblerClient } from '@warbler/sdk'
import { pool } from '../lib/util.mjs'

const ADMIN_KEY = 'wok_bench_operator_key_000000000'
const CLI = fileURLToPath(new URL('../../packages/server/dist/cli/main.js', import.meta.url))

/** Spawns the server CLI on `dataDir` and `port` (0: any free port); resolves once it listens. */
async function spawnNode({ dataDir, port, synchronous, extraNodeArgs, env, cli = CLI }) {
  const child = spawn(process.execPath, [...extraNodeArgs, cli, 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      WARBLER_DATA_DIR: dataDir,
      WARBLER_ADMIN_KEY: ADMIN_KEY,
      WARBLER_DEMO: 'false',
      WARBLER_LOG_LEVEL: 'warn',
      WARBLER_SENDS_PER_SECOND: '100000',
      WARBLER_SEND_BURST: '100000',
      WARBLER_CONNECTIONS_PER_USER: '100',
      WARBLER_SQLITE_SYNCHRONOUS: synchronous,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const listening = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`warbler did not start: ${output}`)), 20_000)
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /running at http:\/\/localhost:(\d+)/.exec(output) ?? /"port":(\d+),"storage"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    void exited.then(() => reject(new Error(`warbler exited: ${output}`)))
  })
  return { child, exited, port: listening }
}

/** Starts a Warbler node on a fresh data dir; `synchronous` is WARBLER_SQLITE_SYNCHRONOUS. */
export async function startServer({ synchronous = 'full', extraNodeArgs = [], env = {}, cli = CLI, label } = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`)
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-bench-'))
  let node = await spawnNode({ dataDir, port: 0, synchronous, extraNodeArgs, env, cli })
  const port = node.port
  const base = `http://127.0.0.1:${port}`
  const rest = async (path, secret, body) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const json = await response.json()
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  const app = await rest('/api/v1/apps', ADMIN_KEY, { name: 'bench' })
  return {
    system: 'warbler',
    label: label ?? `warbler (synchronous=${synchronous})`,
    get pid() {
      return node.child.pid
    },
    url: `ws://127.0.0.1:${port}/ws`,
    httpUrl: base,
    async users(count, prefix) {
      return pool(Array.from({ length: count }, (_, index) => `${prefix}${index}`), 16, async (user) => {
        await rest(`/api/v1/apps/${app.id}/users`, app.secret, { id: user, name: user })
        const { token } = await rest(`/api/v1/apps/${app.id}/users/${user}/tokens`, app.secret, {})
        return { user, token }
      })
    },
    async group(name, owner, members) {
      const group = await rest(`/api/v1/apps/${app.id}/groups`, app.secret, { name, ownerId: owner.user, memberIds: members.map((member) => member.user) })
      return group.id
    },
    /** Creates a bot through the REST API (body as in docs/bots.md); resolves with the bot's view. */
    bot: (body) => rest(`/api/v1/apps/${app.id}/bots`, app.secret, body),
    /** Sends a text message through REST as user `from`; `target` is `{ conversationId }` or `{ to: userId }`. */
    async sendMessage(from, target, text) {
      const { conversationId, seq } = await rest(`/api/v1/apps/${app.id}/messages`, app.secret, { from, ...target, body: { type: 'text', text } })
      return { conversationId, seq }
    },
    /** A crash: SIGKILL, no shutdown of any kind; resolves once the process is gone. */
    async kill() {
      node.child.kill('SIGKILL')
      await node.exited
    },
    /** Starts the node again on the same data dir and port (after `kill`). */
    async restart() {
      node = await spawnNode({ dataDir, port, synchronous, extraNodeArgs, env, cli })
    },
    async stop() {
      node.child.kill('SIGTERM')
      const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000)
      await node.exited
      clearTimeout(timer)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** One authenticated client connection. */
export function connect(url, credential, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress, perMessageDeflate: false })
    const pending = new Map()
    let nextId = 0
    let sequence = 0
    let onText = () => {}
    const request = (frame) =>
      new Promise((done) => {
        const id = `r${nextId++}`
        pending.set(id, done)
        socket.send(JSON.stringify({ ...frame, id }))
      })
    const ownEcho = `"senderId":${JSON.stringify(credential.user)},`
    socket.on('message', (data) => {
      const text = data.toString()
      // Acks of fire-and-forget sends and the echo of our own messages are not measured: skip them
      // without parsing, as the ejabberd adapter skips stanzas by looking at the text.
      if (text.startsWith('{"type":"ack"') || (text.startsWith('{"type":"event"') && text.includes(ownEcho))) return
      const frame = JSON.parse(text)
      if (frame.type === 'event') {
        if (frame.senderId !== credential.user && typeof frame.body?.text === 'string') onText(frame.body.text)
        return
      }
      const waiter = frame.id && pending.get(frame.id)
      if (waiter) {
        pending.delete(frame.id)
        waiter(frame)
      }
    })
    socket.once('error', reject)
    socket.once('open', async () => {
      const welcome = await request({ type: 'auth', token: credential.token })
      if (welcome.type !== 'welcome') return reject(new Error(JSON.stringify(welcome)))
      resolve({
        // Fire and forget: the ack comes back asynchronously and is not waited for (open model).
        send: (target, text) => socket.send(JSON.stringify({ type: 'message.send', id: `s${sequence}`, clientMsgId: `${credential.user}-${sequence++}`, conversationId: target, body: { type: 'text', text } })),
        onText: (callback) => (onText = callback),
        directTarget: async (peer) => {
          const answer = await request({ type: 'conversation.open-direct', peerId: peer.user })
          if (!answer.data?.id) throw new Error(JSON.stringify(answer))
          return answer.data.id
        },
        joinGroup: async () => {},
        close: () => socket.close(),
      })
    })
  })
}

/**
 * A real SDK client (`@warbler/sdk`, what apps use) whose sockets leave from `localAddress`;
 * `drop()` cuts its current socket without a closing handshake (the SDK then reconnects by itself).
 */
export function sdkClient(httpUrl, credential, localAddress, options = {}) {
  let socket = null
  class BoundWebSocket extends WebSocket {
    constructor(url) {
      super(url, { localAddress, perMessageDeflate: false })
      socket = this
    }
  }
  const client = new WarblerClient({ url: httpUrl, token: credential.token, WebSocket: BoundWebSocket, ...options })
  return { client, drop: () => socket?.terminate() }
}
