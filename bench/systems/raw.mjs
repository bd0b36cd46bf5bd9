// Raw relay adapter: the ceiling (bench/raw-relay.mjs), no auth, no storage.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'

const RELAY = fileURLToPath(new URL('../raw-relay.mjs', import.meta.url))

export async function startServer() {
  const child = spawn(process.execPath, [RELAY, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const port = await new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    void exited.then(() => reject(new Error(`raw relay exited: ${output}`)))
  })
  return {
    system: 'rawWs',
    label: 'raw ws relay',
    pid: child.pid,
    url: `ws://127.0.0.1:${port}/`,
    async users(count, prefix) {
      return Array.from({ length: count }, (_, index) => ({ user: `${prefix}${index}` }))
    },
    async group(name) {
      return `#${name}`
    },
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

export function connect(url, credential, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}?id=${encodeURIComponent(credential.user)}`, { localAddress, perMessageDeflate: false })
    let onText = () => {}
    const joins = new Map()
    socket.on('message', (data) => {
      const text = data.toString()
      if (text.startsWith('{"joined"')) return joins.get(JSON.parse(text).joined)?.()
      onText(text)
    })
    socket.once('error', reject)
    socket.once('open', () =>
      resolve({
        send: (target, text) => socket.send(JSON.stringify({ to: target, payload: text })),
        onText: (callback) => (onText = callback),
        directTarget: async (peer) => peer.user,
        joinGroup: (target) =>
          new Promise((done) => {
            joins.set(target, done)
            socket.send(JSON.stringify({ join: target }))
          }),
        close: () => socket.close(),
        // An abrupt drop: the TCP connection goes, no closing handshake.
        terminate: () => socket.terminate(),
      }),
    )
  })
}
