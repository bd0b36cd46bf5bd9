import type { Bus } from '../bus.js'

/**
 * The in-process bus for a single node. Delivery is asynchronous (a microtask later), as it would be
 * over a network, so code written against it does not come to depend on synchronous delivery.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const
  private readonly channels = new Map<string, Set<(payload: string) => void>>()
  private readonly counters = new Map<string, { value: number; expiresAt: number }>()
  private closed = false

  async publish(channel: string, payload: string): Promise<void> {
    if (this.closed) throw new Error('MemoryBus: closed')
    const handlers = this.channels.get(channel)
    if (!handlers) return
    for (const handler of [...handlers]) {
      queueMicrotask(() => handler(payload))
    }
  }

  async subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let handlers = this.channels.get(channel)
    if (!handlers) this.channels.set(channel, (handlers = new Set()))
    // Wrap so the same function can be subscribed twice and removed once per subscription.
    const wrapped = (payload: string) => handler(payload)
    handlers.add(wrapped)
    return async () => {
      handlers.delete(wrapped)
      if (handlers.size === 0) this.channels.delete(channel)
    }
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const now = Date.now()
    const current = this.counters.get(key)
    if (!current || current.expiresAt <= now) {
      this.counters.set(key, { value: 1, expiresAt: now + windowMs })
      if (this.counters.size > 10_000) this.sweep(now)
      return 1
    }
    current.value += 1
    return current.value
  }

  private sweep(now: number): void {
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key)
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('MemoryBus: closed')
  }

  async close(): Promise<void> {
    this.closed = true
    this.channels.clear()
    this.counters.clear()
  }
}
