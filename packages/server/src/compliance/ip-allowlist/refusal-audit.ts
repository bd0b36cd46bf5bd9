/** Which allowlist refused a request. */
export type AllowlistScope = 'console' | 'admin'

/** One audit entry about refusals from one address: the first, then at most one per window. */
export interface RefusalReport {
  scope: AllowlistScope
  address: string
  /** Refusals from this address and scope since the previous entry, this one included. */
  refused: number
}

/**
 * Decides when a refusal becomes an audit entry. Every refusal counts, but a client hammering the
 * server from a refused address would otherwise write one chained entry per request (each a
 * database write and an HMAC), so the first refusal per address and scope is reported at once and
 * later ones at most once per window, with how many there were.
 */
export class RefusalAudit {
  readonly #windowMs: number
  readonly #now: () => number
  readonly #maxTracked: number
  readonly #last = new Map<string, { reportedAt: number; pending: number }>()

  constructor(options: { windowMs?: number; now?: () => number; maxTracked?: number } = {}) {
    this.#windowMs = options.windowMs ?? 60_000
    this.#now = options.now ?? Date.now
    this.#maxTracked = options.maxTracked ?? 10_000
  }

  /** Counts a refusal; answers the report to write now, or undefined when this one is folded into a later report. */
  refused(scope: AllowlistScope, address: string): RefusalReport | undefined {
    const key = `${scope} ${address}`
    const now = this.#now()
    const seen = this.#last.get(key)
    if (seen && now - seen.reportedAt < this.#windowMs) {
      seen.pending++
      return undefined
    }
    if (!seen && this.#last.size >= this.#maxTracked) this.#forgetOldest(now)
    this.#last.set(key, { reportedAt: now, pending: 0 })
    return { scope, address, refused: (seen?.pending ?? 0) + 1 }
  }

  #forgetOldest(now: number): void {
    for (const [key, entry] of this.#last) {
      if (now - entry.reportedAt >= this.#windowMs || this.#last.size >= this.#maxTracked) this.#last.delete(key)
      if (this.#last.size < this.#maxTracked / 2) break
    }
  }
}
