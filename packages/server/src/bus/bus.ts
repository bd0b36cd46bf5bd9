/**
 * The bus moves bytes between nodes: publish/subscribe on named channels, plus shared counters for
 * rate limits. Routing and message formats live in `bus/` (see `fanout.ts`), not in transports, so a
 * transport (in-process, Redis) only implements these few methods.
 */
export interface Bus {
  /** Which transport this is, for logs and `/readyz`. */
  readonly kind: 'memory' | 'redis'
  /** Publishes a payload to every subscriber of the channel on every node (this one included). */
  publish(channel: string, payload: string): Promise<void>
  /** Subscribes to a channel; resolves once the subscription is active. Returns an unsubscribe function. */
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>
  /**
   * Adds 1 to a counter that expires `windowMs` after its first increment, and returns the new value.
   * Shared by every node, for rate limits.
   */
  increment(key: string, windowMs: number): Promise<number>
  /** Cheap liveness check. */
  ping(): Promise<void>
  close(): Promise<void>
}
