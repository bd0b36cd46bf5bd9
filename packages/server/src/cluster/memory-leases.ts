import { randomUUID } from 'node:crypto'
import type { Lease, Leases } from './leases.js'

/** Leases for a single node, in memory. */
export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { token: string; expiresAt: number }>()

  async tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined> {
    const now = Date.now()
    const current = this.held.get(key)
    if (current && current.expiresAt > now) return undefined
    const token = randomUUID()
    this.held.set(key, { token, expiresAt: now + ttlMs })
    return { key, token }
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    const now = Date.now()
    const current = this.held.get(lease.key)
    if (!current || current.token !== lease.token || current.expiresAt <= now) return false
    current.expiresAt = now + ttlMs
    return true
  }

  async release(lease: Lease): Promise<boolean> {
    const current = this.held.get(lease.key)
    if (!current || current.token !== lease.token) return false
    this.held.delete(lease.key)
    return current.expiresAt > Date.now()
  }
}
