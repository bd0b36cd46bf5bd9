/**
 * The subset of the WebSocket API the SDK uses: the browser's `WebSocket`, Node 22's global one
 * and the `ws` package all fit it.
 */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

/** A WebSocket constructor, for the `WebSocket` option. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** `readyState` of an open socket. */
export const WEBSOCKET_OPEN = 1

/**
 * The WebSocket implementation to use: the given one, else the global one (browsers, Node >= 22),
 * else the `ws` package, imported lazily so that browser bundles never contain it.
 */
export async function resolveWebSocket(given?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (given) return given
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (global) return global
  // A variable specifier keeps bundlers from following this import into browser builds.
  const name = 'ws'
  const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as {
    WebSocket?: WebSocketConstructor
    default?: WebSocketConstructor
  }
  const constructor = module.WebSocket ?? module.default
  if (!constructor) throw new Error('No WebSocket implementation: pass the `WebSocket` option.')
  return constructor
}

/** `http(s)://host/base` → `ws(s)://host/base/ws`. */
export function toWebSocketUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:'
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:'
  if (!parsed.pathname.endsWith('/ws')) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/ws`
  return parsed.toString()
}

/** Text of a message event, whatever the implementation handed over. */
export function messageText(data: unknown): string {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data)
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data as Uint8Array)
  return String(data)
}
