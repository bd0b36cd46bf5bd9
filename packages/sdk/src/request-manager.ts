import { WarblerError } from '@warbler/protocol'

interface PendingRequest {
  resolve: (data: unknown) => void
  reject: (error: WarblerError) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * Request ids and the requests waiting for their `result` or `error` frame, with timeouts.
 * Knows nothing about sockets: the connection hands it the answers.
 */
export class RequestManager {
  readonly #pending = new Map<string, PendingRequest>()
  #counter = 0

  /** A fresh request id. */
  nextId(): string {
    this.#counter += 1
    return `q${this.#counter.toString(36)}`
  }

  /** Waits for the answer to request `id`; rejects with `timeout` after `timeoutMs`. */
  register<T>(id: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new WarblerError('timeout', `No answer to request ${id} within ${timeoutMs} ms.`))
      }, timeoutMs)
      this.#pending.set(id, { resolve: resolve as (data: unknown) => void, reject, timer })
    })
  }

  /** Whether `id` is a request still waiting. */
  has(id: string): boolean {
    return this.#pending.has(id)
  }

  /** Settles request `id` with its data. Returns false when no such request waits. */
  resolve(id: string, data: unknown): boolean {
    const pending = this.#take(id)
    pending?.resolve(data)
    return pending !== undefined
  }

  /** Fails request `id`. Returns false when no such request waits. */
  reject(id: string, error: WarblerError): boolean {
    const pending = this.#take(id)
    pending?.reject(error)
    return pending !== undefined
  }

  /** Fails every waiting request (the connection closed). */
  rejectAll(error: WarblerError): void {
    const all = [...this.#pending.keys()]
    for (const id of all) this.reject(id, error)
  }

  /** How many requests wait. */
  get size(): number {
    return this.#pending.size
  }

  #take(id: string): PendingRequest | undefined {
    const pending = this.#pending.get(id)
    if (!pending) return undefined
    clearTimeout(pending.timer)
    this.#pending.delete(id)
    return pending
  }
}
