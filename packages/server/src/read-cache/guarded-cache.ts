import { LRUCache } from 'lru-cache'

/** How big a cache may grow and how long an entry may live without being invalidated. */
export interface GuardedCacheOptions<V> {
  /** Most entries kept (least recently used go first). */
  max: number
  /** Safety net in ms: an entry older than this is reloaded even if no invalidation arrived. */
  ttlMs: number
  /** Optional size of one entry, with `maxSize` bounding their sum (e.g. member ids of big groups). */
  sizeOf?: (value: V) => number
  maxSize?: number
}

/**
 * A read-through LRU cache that never stores a value read before an invalidation it raced with.
 *
 * Every invalidation bumps an epoch; a load that started under an older epoch returns its value to
 * its caller but does not cache it (the row it read may predate the write being announced). Writes
 * are rare next to reads here (membership changes against message sends), so losing a few fills to
 * the epoch is cheap, and there is no per-key bookkeeping to bound.
 */
export class GuardedCache<V extends {}> {
  private readonly entries: LRUCache<string, V>
  private epoch = 0

  constructor(options: GuardedCacheOptions<V>) {
    this.entries = new LRUCache<string, V>({
      max: options.max,
      ttl: options.ttlMs,
      ...(options.sizeOf && options.maxSize ? { sizeCalculation: (value: V) => Math.max(1, options.sizeOf!(value)), maxSize: options.maxSize } : {}),
    })
  }

  /** The cached value, without loading. */
  peek(key: string): V | undefined {
    return this.entries.get(key)
  }

  /** The cached value, or `load()`'s (cached unless an invalidation happened meanwhile, or it is undefined). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.entries.get(key)
    if (cached !== undefined) return cached
    const epoch = this.epoch
    const value = await load()
    if (value !== undefined && epoch === this.epoch) this.entries.set(key, value)
    return value
  }

  /**
   * Runs `fill` on the cached value if it is still current when `load` resolves: for values that are
   * filled piece by piece (a conversation entry and its members).
   */
  async fill<T>(key: string, current: V, load: () => Promise<T>, fill: (value: V, loaded: T) => void): Promise<T> {
    const epoch = this.epoch
    const loaded = await load()
    if (epoch === this.epoch && this.entries.peek(key) === current) fill(current, loaded)
    return loaded
  }

  /** Drops one key and fences off loads in flight. */
  invalidate(key: string): void {
    this.epoch++
    this.entries.delete(key)
  }

  /** Drops every key for which `matches` is true (and fences off loads in flight). */
  invalidateWhere(matches: (key: string) => boolean): void {
    this.epoch++
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key)
  }

  /** Drops everything. */
  clear(): void {
    this.epoch++
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
