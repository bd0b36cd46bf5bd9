// ejabberd adapter: runs the Debian package's ejabberd on loopback with a minimal config written
// into a temp dir (mnesia storage, mod_offline off unless `offline: true`, no shapers), and speaks
// XMPP over WebSocket (RFC 7395): open, SASL PLAIN, bind, initial presence, <message type="chat">.
// Groups are MUC rooms.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync, readdirSync, readFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { pool, sleep } from '../lib/util.mjs'

const C2S_PORT = 15222
const HTTP_PORT = 15280
const HOST = 'localhost'
const MUC = `conference.${HOST}`

const config = `hosts: [${HOST}]
loglevel: warning
auth_method: internal
auth_password_format: plain
default_db: mnesia
listen:
  - port: ${C2S_PORT}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    backlog: 4096
  - port: ${HTTP_PORT}
    ip: "127.0.0.1"
    module: ejabberd_http
    backlog: 4096
    request_handlers:
      /ws: ejabberd_http_ws
      /api: mod_http_api
api_permissions:
  "console commands":
    from: [ejabberd_ctl]
    who: all
    what: "*"
  "loopback http":
    from: [mod_http_api]
    who:
      ip: 127.0.0.1/8
    what: "*"
modules:
  mod_http_api: {}
  mod_muc_admin: {}
  mod_muc:
    host: "${MUC}"
    access_create: all
    max_users: 20000
    max_users_presence: 1
    history_size: 0
    default_room_options:
      persistent: false
      max_users: 20000
`

/** mod_offline (mnesia) with room for 20,000 stored messages per user, and get_offline_count. */
const offlineConfig = `  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_admin_extra: {}
shaper_rules:
  max_user_offline_messages: 20000
`

/**
 * mod_mam (mnesia) archiving every chat message, for a comparison in which ejabberd stores each
 * direct message too. Mnesia writes its log in the background: the sender is not told after a
 * flush to disk, so this is still less durable than Warbler's commit-before-ack.
 */
const mamConfig = `  mod_mam:
    db_type: mnesia
    default: always
`

/**
 * mod_mam on PostgreSQL (the local server, trust auth): every chat message is inserted and committed
 * (synchronous_commit on) as ejabberd routes it, the way ejabberd archives in production. Needs the
 * Debian package erlang-p1-pgsql next to ejabberd.
 */
const mamSqlModule = `  mod_mam:
    db_type: sql
    default: always
`
const sqlTopLevel = (database) => `sql_type: pgsql
sql_server: "127.0.0.1"
sql_port: 5432
sql_database: "${database}"
sql_username: "postgres"
sql_password: ""
sql_pool_size: 10
`

const PSQL = ['-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q']

/** A fresh PostgreSQL database with ejabberd's schema (the package's pg.sql). */
function createArchiveDatabase(database) {
  execFileSync('psql', [...PSQL, '-d', 'test', '-c', `DROP DATABASE IF EXISTS ${database}`, '-c', `CREATE DATABASE ${database}`], { stdio: 'ignore' })
  execFileSync('psql', [...PSQL, '-d', database, '-f', '/usr/share/ejabberd/sql/pg.sql'], { stdio: 'ignore' })
}

function dropArchiveDatabase(database) {
  try {
    execFileSync('psql', [...PSQL, '-d', 'test', '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: 'ignore' })
  } catch {}
}

/** The beam.smp process of our node (found through its node name in /proc). */
function findBeam(node) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'beam.smp') continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(node)) return Number(entry)
    } catch {}
  }
  return null
}

/** uid/gid/env to run as the ejabberd user (Debian package), or {} if there is none. */
function ejabberdUser() {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('ejabberd:'))
    if (!line) return {}
    const [, , uid, gid, , home] = line.split(':')
    return { uid: Number(uid), gid: Number(gid), env: { ...process.env, HOME: home, USER: 'ejabberd', LOGNAME: 'ejabberd' } }
  } catch {
    return {}
  }
}

/**
 * Starts ejabberd; `offline: true` loads mod_offline (messages to offline users are stored), `mam:
 * 'mnesia' | 'postgres'` loads mod_mam (every chat message is archived, in mnesia or PostgreSQL).
 */
export async function startServer({ offline = false, mam = undefined } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ejabberd-bench-'))
  chmodSync(dir, 0o777)
  const node = `benchejd${process.pid}@localhost`
  // Database names are ours (pid), never user input.
  const archive = mam === 'postgres' ? `ejabberd_bench_${process.pid}` : undefined
  if (archive) createArchiveDatabase(archive)
  // Module entries first (the base config ends inside `modules:`), then top-level keys.
  const archiveModule = mam === 'postgres' ? mamSqlModule : mam === 'mnesia' ? mamConfig : ''
  writeFileSync(join(dir, 'ejabberd.yml'), config + archiveModule + (offline ? offlineConfig : '') + (archive ? sqlTopLevel(archive) : ''))
  writeFileSync(join(dir, 'ejabberdctl.cfg'), 'ERL_MAX_PORTS=65000\nERL_PROCESSES=1000000\nERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"\n')
  execFileSync('chown', ['-R', 'ejabberd', dir])
  const ctl = ['--ctl-config', join(dir, 'ejabberdctl.cfg'), '--config', join(dir, 'ejabberd.yml'), '--spool', join(dir, 'db'), '--logs', dir, '--node', node]
  // Run ejabberdctl as user ejabberd directly: through its own `su` (PAM) the soft open-file limit
  // drops to 1024 and ejabberd fails accept() ("too many open files") at about 1,100 connections.
  const asEjabberd = ejabberdUser()
  const child = spawn('timeout', ['900', 'ejabberdctl', ...ctl, 'foreground'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...asEjabberd })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const api = async (command, body) => {
    const response = await fetch(`http://127.0.0.1:${HTTP_PORT}/api/${command}`, { method: 'POST', body: JSON.stringify(body) })
    const text = await response.text()
    if (!response.ok) throw new Error(`ejabberd ${command}: ${response.status} ${text}`)
    return text
  }
  let ready = false
  for (let attempt = 0; attempt < 60 && !ready; attempt++) {
    await sleep(500)
    try {
      await api('registered_users', { host: HOST })
      ready = true
    } catch {}
  }
  if (!ready) {
    child.kill('SIGTERM')
    throw new Error(`ejabberd did not start: ${output.slice(-2000)}`)
  }
  const pid = findBeam(node)
  return {
    system: 'ejabberd',
    label: `ejabberd 23.01 (mnesia, ${[offline ? 'mod_offline' : 'no offline storage', mam ? `mod_mam archiving every message in ${mam}` : 'no archive'].join(', ')})`,
    pid,
    url: `ws://127.0.0.1:${HTTP_PORT}/ws`,
    async users(count, prefix) {
      // Same command as `ejabberdctl register user host password`, through mod_http_api (an
      // ejabberdctl call starts an Erlang VM, about a second each).
      return pool(Array.from({ length: count }, (_, index) => `${prefix}${index}`.toLowerCase()), 16, async (user) => {
        await api('register', { user, host: HOST, password: 'pw' })
        return { user, password: 'pw', jid: `${user}@${HOST}` }
      })
    },
    /** Messages stored for an offline user (mod_offline, through mod_admin_extra's get_offline_count). */
    async offlineCount(user) {
      return JSON.parse(await api('get_offline_count', { user, host: HOST })).value
    },
    async group(name) {
      const room = name.toLowerCase()
      await api('create_room_with_opts', { name: room, service: MUC, host: HOST, options: [{ name: 'max_users', value: '20000' }, { name: 'persistent', value: 'false' }] })
      return `${room}@${MUC}`
    },
    async stop() {
      try {
        execFileSync('ejabberdctl', [...ctl, 'stop'], { stdio: 'ignore', timeout: 20_000, cwd: dir, ...asEjabberd })
      } catch {}
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {}
      }
      rmSync(dir, { recursive: true, force: true })
      if (archive) dropArchiveDatabase(archive)
    },
  }
}

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing'
const open = `<open xmlns="${FRAMING}" to="${HOST}" version="1.0"/>`

export function connect(url, credential, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'xmpp', { localAddress, perMessageDeflate: false })
    let onText = () => {}
    let step = 'open'
    let nextId = 0
    const waiters = new Map()
    const timer = setTimeout(() => fail(new Error(`XMPP login of ${credential.user} stuck at step ${step}`)), 20_000)
    const fail = (error) => {
      clearTimeout(timer)
      reject(error)
      socket.close()
    }
    socket.once('error', fail)
    socket.once('open', () => socket.send(open))
    socket.on('message', (data) => {
      const xml = data.toString()
      if (step === 'ready') {
        if (xml.startsWith('<message')) {
          if (xml.includes('type="error"') || xml.includes("type='error'")) return
          // A MUC room echoes the sender's own groupchat message back to it: not a delivery.
          const from = /from=["']([^"']*)["']/.exec(xml)?.[1] ?? ''
          if (from.includes('@conference.') && from.endsWith(`/${credential.user}`)) return
          const body = /<body>([^<]*)<\/body>/.exec(xml)
          if (body) onText(body[1])
          return
        }
        for (const [marker, done] of waiters) {
          if (xml.includes(marker)) {
            waiters.delete(marker)
            done(xml)
          }
        }
        return
      }
      if (xml.startsWith('<open')) return
      if (step === 'open' && xml.includes('<mechanisms')) {
        step = 'auth'
        const plain = Buffer.from(`\0${credential.user}\0${credential.password}`).toString('base64')
        socket.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${plain}</auth>`)
      } else if (step === 'auth') {
        if (!xml.startsWith('<success')) return fail(new Error(`ejabberd auth: ${xml}`))
        step = 'restart'
        socket.send(open)
      } else if (step === 'restart' && xml.includes('<bind')) {
        step = 'bind'
        socket.send(`<iq type="set" id="bind1"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>bench</resource></bind></iq>`)
      } else if (step === 'bind') {
        if (!xml.includes('type="result"') && !xml.includes("type='result'")) return fail(new Error(`ejabberd bind: ${xml}`))
        step = 'ready'
        clearTimeout(timer)
        socket.send('<presence/>')
        resolve({
          send: (target, text) => socket.send(`<message to="${target}" type="${target.includes('@conference.') ? 'groupchat' : 'chat'}" id="m${nextId++}"><body>${text}</body></message>`),
          onText: (callback) => (onText = callback),
          directTarget: async (peer) => peer.jid,
          joinGroup: (target) =>
            new Promise((done, joinFail) => {
              const nick = credential.user
              const timer = setTimeout(() => joinFail(new Error(`MUC join of ${nick} timed out`)), 30_000)
              waiters.set(`${target}/${nick}`, (answer) => {
                clearTimeout(timer)
                if (answer.includes('type="error"') || answer.includes("type='error'")) joinFail(new Error(`MUC join: ${answer}`))
                else done()
              })
              socket.send(`<presence to="${target}/${nick}"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x></presence>`)
            }),
          close: () => {
            try {
              socket.send(`<close xmlns="${FRAMING}"/>`)
            } catch {}
            socket.close()
          },
          // An abrupt drop: the TCP connection goes, no closing handshake.
          terminate: () => socket.terminate(),
        })
      }
    })
  })
}
