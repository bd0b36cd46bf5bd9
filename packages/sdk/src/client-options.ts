import type { BackoffOptions } from './backoff.js'
import type { LocalStore } from './stores/local-store.js'
import type { WebSocketConstructor } from './websocket.js'

/**
 * Options of {@link WarblerClient}. Give `token` or `getToken` (or both: `token` is used first,
 * and `getToken` is asked for a new one when the server says `token_expired`).
 */
export interface WarblerClientOptions {
  /** The server address, `http(s)://host[:port]`; the WebSocket is at `<url>/ws`. */
  url: string
  /** A user token minted by your backend. */
  token?: string
  /** Returns a fresh user token; called to connect when no `token` is given, and on `token_expired`. */
  getToken?: () => string | Promise<string>
  /** A stable id of this device, so the server can list and kick devices. */
  deviceId?: string
  /** The WebSocket implementation. Default: the global one, else the `ws` package (Node 20). */
  WebSocket?: WebSocketConstructor
  /** Where state is kept between runs. Default: a new `MemoryStore` (nothing survives). */
  store?: LocalStore
  /** Reconnect delays: full jitter between 0 and `min(maxMs, baseMs * 2^attempt)`. */
  backoff?: BackoffOptions
  /** How long a request (openDirect, history, ...) waits for its answer, connecting included. Default 15 000 ms. */
  requestTimeoutMs?: number
  /** Default deadline of `send()`: reject with `send_timeout` after this; `null` never gives up. Default 30 000 ms. */
  sendTimeoutMs?: number | null
  /** Resend a message when the live connection gave no answer for this long. Default 10 000 ms. */
  ackTimeoutMs?: number
  /** How long opening and authenticating may take. Default 10 000 ms. */
  authTimeoutMs?: number
  /** Overrides the heartbeat interval the server announces (seconds). */
  heartbeatSeconds?: number
  /** Events per history page when catching up. Default 100. */
  historyPageSize?: number
  /**
   * While connected, ask the server what moved this often (ms; 0 turns it off). Bounds how long an
   * event whose live push was lost (a server node died between storing and fanning it out) can stay
   * unseen in a quiet conversation. Default 30 000 ms.
   */
  syncIntervalMs?: number
}

/** The defaults of {@link WarblerClientOptions}. */
export const CLIENT_DEFAULTS = {
  requestTimeoutMs: 15_000,
  sendTimeoutMs: 30_000,
  ackTimeoutMs: 10_000,
  authTimeoutMs: 10_000,
  historyPageSize: 100,
  syncIntervalMs: 30_000,
} as const
