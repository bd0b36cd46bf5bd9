#!/usr/bin/env node
// The physical ceiling: a bare `ws` server with no auth and no storage.
// A client connects to /?id=<name>; a frame {"to":"<name>","payload":"..."} is forwarded as the bare
// payload to the connection named <name>. {"join":"#g"} adds the connection to group #g (answered
// with {"joined":"#g"}); {"to":"#g","payload":...} goes to every other member of #g.
//
//   node bench/raw-relay.mjs [--port 0] [--host 127.0.0.1]
//
// Prints "raw-relay listening <port>" once listening. Loopback only.
import { WebSocketServer } from 'ws'
import { parseArgs } from './lib/util.mjs'

const args = parseArgs(process.argv.slice(2))
const host = String(args.host ?? '127.0.0.1')
if (!host.startsWith('127.')) throw new Error('raw-relay listens on loopback only')
const named = new Map()
const groups = new Map()
const server = new WebSocketServer({ host, port: Number(args.port ?? 0), perMessageDeflate: false, backlog: 4096 })
server.on('connection', (socket, request) => {
  const name = new URL(request.url, 'http://x').searchParams.get('id') ?? ''
  named.set(name, socket)
  const joined = []
  socket.on('message', (data) => {
    let frame
    try {
      frame = JSON.parse(data.toString())
    } catch {
      return
    }
    if (frame.join) {
      let members = groups.get(frame.join)
      if (!members) groups.set(frame.join, (members = new Set()))
      members.add(socket)
      joined.push(frame.join)
      socket.send(JSON.stringify({ joined: frame.join }))
    } else if (typeof frame.to === 'string' && frame.to.startsWith('#')) {
      for (const member of groups.get(frame.to) ?? []) if (member !== socket) member.send(frame.payload)
    } else {
      named.get(frame.to)?.send(frame.payload)
    }
  })
  socket.on('close', () => {
    if (named.get(name) === socket) named.delete(name)
    for (const group of joined) groups.get(group)?.delete(socket)
  })
})
server.on('listening', () => console.log(`raw-relay listening ${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
