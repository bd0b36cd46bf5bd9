import { WebSocket } from 'ws'
import type { WarblerClient, WebSocketConstructor } from '@warbler/sdk'

interface Measurement {
  startedAt: number
  targets: Map<string, number>
  connection: number
}

/**
 * Measures, for one SDK client, the time from each successful reconnect to the moment the app has
 * been handed every event up to the `lastSeq` the server reported in that connection's `sync`
 * answer. It reads the sync answer off the wire (a `ws` subclass that watches frames), so the SDK
 * needs no test hooks.
 */
export class CatchUpMeter {
  /** Milliseconds from reconnect to caught-up, one per reconnect that caught up. */
  readonly durations: number[] = []
  /** Of those, how many caught up on the same connection (no drop in between). */
  sameConnection = 0
  private readonly applied = new Map<string, number>()
  private readonly open: Measurement[] = []
  private syncIds = new Set<string>()
  private connectedAt: number | undefined
  private connections = 0

  /** A WebSocket constructor for the client's `WebSocket` option. */
  webSocket(): WebSocketConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const meter = this
    return class extends WebSocket {
      constructor(url: string) {
        super(url)
        this.on('message', (data) => meter.incoming(String(data)))
      }
      override send(data: any, ...rest: any[]): void {
        meter.outgoing(String(data))
        ;(super.send as (...args: unknown[]) => void)(data, ...rest)
      }
    } as unknown as WebSocketConstructor
  }

  /** Starts following a client's connection changes and delivered events. */
  attach(client: WarblerClient): void {
    client.on('connection-state-change', (change) => {
      if (change.state === 'connected') {
        this.connections += 1
        // The first connection is the start, not a reconnect.
        this.connectedAt = this.connections > 1 ? Date.now() : undefined
      }
    })
    client.on('event', (event) => {
      this.applied.set(event.conversationId, event.seq)
      this.check()
    })
  }

  private outgoing(text: string): void {
    const frame = JSON.parse(text) as { type?: string; id?: string }
    if (frame.type === 'sync' && frame.id) this.syncIds.add(frame.id)
  }

  private incoming(text: string): void {
    const frame = JSON.parse(text) as { type?: string; id?: string; data?: { conversations?: { conversationId: string; lastSeq: number }[] } }
    if (frame.type !== 'result' || !frame.id || !this.syncIds.has(frame.id)) return
    this.syncIds = new Set()
    if (this.connectedAt === undefined) return
    const targets = new Map((frame.data?.conversations ?? []).map((cursor) => [cursor.conversationId, cursor.lastSeq]))
    this.open.push({ startedAt: this.connectedAt, targets, connection: this.connections })
    this.connectedAt = undefined
    // Checked after the SDK has handled this frame (it may be caught up already).
    queueMicrotask(() => this.check())
  }

  private check(): void {
    for (let index = this.open.length - 1; index >= 0; index--) {
      const measurement = this.open[index]!
      const done = [...measurement.targets].every(([conversationId, lastSeq]) => (this.applied.get(conversationId) ?? 0) >= lastSeq)
      if (!done) continue
      this.durations.push(Date.now() - measurement.startedAt)
      if (measurement.connection === this.connections) this.sameConnection += 1
      this.open.splice(index, 1)
    }
  }
}
