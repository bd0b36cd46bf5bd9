import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'

/** Sockets corked during this turn of the event loop, uncorked together in the check phase. */
const corked = new Set<Duplex>()
let scheduled = false

function uncorkAll(): void {
  scheduled = false
  for (const socket of corked) socket.uncork()
  corked.clear()
}

/**
 * Corks the TCP socket under a WebSocket until the end of this event-loop turn, so the frames a
 * connection gets in one turn (a send's ack and its own echo, a burst of fan-out) leave in one
 * `writev` instead of one system call each. One `setImmediate` serves every socket. Uses `ws`'s
 * underlying socket (`_socket`, stable since ws 1.x); a socket without one is left alone.
 */
export function coalesceWrites(socket: WebSocket): void {
  const raw = (socket as unknown as { _socket?: Duplex })._socket
  if (!raw || corked.has(raw)) return
  raw.cork()
  corked.add(raw)
  if (!scheduled) {
    scheduled = true
    setImmediate(uncorkAll)
  }
}
