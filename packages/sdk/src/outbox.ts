import { WarblerError, type AckFrame, type ErrorCode, type ErrorFrame } from '@warbler/protocol'
import { fullJitterDelay } from './backoff.js'
import type { OutboxEntry, RateLimitedSend, SendFailure, SendResult } from './types.js'

/** Send errors after which the same message is tried again (the server did not refuse it). */
const RETRYABLE_SEND_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'unavailable',
  'timeout',
  'internal',
  'upstream_failed',
  'server_shutting_down',
  'not_authenticated',
  'connection_closed',
])

/** Options of {@link Outbox}. */
export interface OutboxOptions {
  /** Puts the `message.send` frame on the wire; false when it could not. */
  transmit: (entry: OutboxEntry) => boolean
  /** Saves or deletes entries in the local store (fire and forget). */
  persist: (change: { put?: OutboxEntry[]; delete?: string[] }) => void
  /** Every ack of a queued message. */
  onResult: (result: SendResult) => void
  /** Every message given up. */
  onFailure: (failure: SendFailure) => void
  /** Every `rate_limited` answer to a send, before its retry. */
  onRateLimited?: (notice: RateLimitedSend) => void
  /** Resend a message when no answer came for this long on a live connection (default 10 000). */
  ackTimeoutMs?: number
  /** Most messages waiting for an ack at once (default 32), to stay under the server's rate limit. */
  maxInFlight?: number
  /** Delay before retrying after a retryable error, by attempt (default: full jitter, 1 s to 30 s). */
  retryDelayMs?: (attempt: number) => number
}

interface Waiter {
  resolve: (result: SendResult) => void
  reject: (error: WarblerError) => void
}

interface Slot {
  entry: OutboxEntry
  waiters: Waiter[]
  inFlight: boolean
  attempts: number
  coolingDown: boolean
  /** The retryable refusal the message is waiting out, if any (cleared when it goes out again). */
  lastRefusal?: WarblerError
  ackTimer?: ReturnType<typeof setTimeout>
  retryTimer?: ReturnType<typeof setTimeout>
  deadlineTimer?: ReturnType<typeof setTimeout>
}

const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Messages waiting for their ack. Each is sent with its `clientMsgId` whenever the connection is
 * up, and again after a reconnect or an unanswered attempt, until an ack or a refusal comes, or
 * its deadline passes. The server keeps one copy per `clientMsgId`, so retrying is safe.
 *
 * @example
 * ```ts
 * const outbox = new Outbox({ transmit, persist, onResult, onFailure })
 * const result = await outbox.add(entry) // resolves on ack, wherever it happens
 * ```
 */
export class Outbox {
  readonly #slots = new Map<string, Slot>()
  #connected = false
  readonly #ackTimeoutMs: number
  readonly #maxInFlight: number
  readonly #retryDelayMs: (attempt: number) => number

  constructor(private readonly options: OutboxOptions) {
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000
    this.#maxInFlight = options.maxInFlight ?? 32
    this.#retryDelayMs = options.retryDelayMs ?? ((attempt) => 1000 + fullJitterDelay(attempt, { baseMs: 1000, maxMs: 29_000 }))
  }

  /** Queues a message and resolves with its ack. A second add of a queued `clientMsgId` joins the first. */
  add(entry: OutboxEntry): Promise<SendResult> {
    return new Promise<SendResult>((resolve, reject) => {
      const existing = this.#slots.get(entry.clientMsgId)
      if (existing) {
        existing.waiters.push({ resolve, reject })
        return
      }
      this.#insert(entry, [{ resolve, reject }])
      this.options.persist({ put: [entry] })
      this.#pump()
    })
  }

  /** Takes back entries saved by an earlier run; their outcome goes to `onResult`/`onFailure` only. */
  restore(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) if (!this.#slots.has(entry.clientMsgId)) this.#insert(entry, [])
    this.#pump()
  }

  /** The connection went up (sends start) or down (in-flight sends will be retried). */
  setConnected(connected: boolean): void {
    this.#connected = connected
    if (!connected) {
      for (const slot of this.#slots.values()) {
        slot.inFlight = false
        clearTimeout(slot.ackTimer)
      }
    }
    this.#pump()
  }

  /** Handles an ack; false when it is not for a queued message. */
  handleAck(ack: AckFrame): boolean {
    const slot = this.#slots.get(ack.clientMsgId)
    if (!slot) return false
    const result: SendResult = {
      conversationId: ack.conversationId,
      clientMsgId: ack.clientMsgId,
      seq: ack.seq,
      ts: ack.ts,
      duplicate: ack.duplicate,
    }
    this.#remove(slot)
    for (const waiter of slot.waiters) waiter.resolve(result)
    this.options.onResult(result)
    return true
  }

  /** Handles an error answering a send; false when it is not for a queued message. */
  handleError(frame: ErrorFrame): boolean {
    const id = frame.clientMsgId ?? frame.id
    const slot = id === undefined ? undefined : this.#slots.get(id)
    if (!slot) return false
    const error = WarblerError.fromBody(frame)
    if (RETRYABLE_SEND_CODES.has(error.code)) {
      slot.inFlight = false
      clearTimeout(slot.ackTimer)
      slot.coolingDown = true
      slot.lastRefusal = error
      const retryInMs = this.#retryDelayMs(slot.attempts - 1)
      slot.retryTimer = setTimeout(() => {
        slot.coolingDown = false
        this.#pump()
      }, retryInMs)
      if (error.code === 'rate_limited') {
        this.options.onRateLimited?.({ conversationId: slot.entry.conversationId, clientMsgId: slot.entry.clientMsgId, attempt: slot.attempts, retryInMs, error })
      }
      this.#pump()
    } else {
      this.#fail(slot, error)
    }
    return true
  }

  /** Whether a message is still queued. */
  has(clientMsgId: string): boolean {
    return this.#slots.has(clientMsgId)
  }

  /** Messages still waiting, oldest first. */
  pending(): OutboxEntry[] {
    return [...this.#slots.values()].map((slot) => slot.entry)
  }

  /**
   * Stops every timer and rejects waiting promises with `error`. Entries stay in the store, so a
   * persistent store re-sends them on the next start.
   */
  dispose(error: WarblerError): void {
    for (const slot of this.#slots.values()) {
      this.#clearTimers(slot)
      for (const waiter of slot.waiters) waiter.reject(error)
    }
    this.#slots.clear()
    this.#connected = false
  }

  #insert(entry: OutboxEntry, waiters: Waiter[]): void {
    const slot: Slot = { entry, waiters, inFlight: false, attempts: 0, coolingDown: false }
    this.#slots.set(entry.clientMsgId, slot)
    if (entry.deadline !== null) {
      const wait = Math.min(MAX_TIMER_MS, Math.max(0, entry.deadline - Date.now()))
      slot.deadlineTimer = setTimeout(() => this.#fail(slot, this.#deadlineError(slot)), wait)
    }
  }

  /**
   * Why a message is given up at its deadline: `rate_limited` when the server's last word on it
   * was "too many sends" (so the app knows to slow down), else `send_timeout` (no ack in time).
   */
  #deadlineError(slot: Slot): WarblerError {
    if (slot.lastRefusal?.code !== 'rate_limited') return new WarblerError('send_timeout')
    return new WarblerError(
      'rate_limited',
      `Gave up at the send deadline after ${slot.attempts} attempts: the server kept refusing this message as too many sends. Send less often; sending it again with the same clientMsgId is safe.`,
      { details: { attempts: slot.attempts, clientMsgId: slot.entry.clientMsgId }, cause: slot.lastRefusal },
    )
  }

  #pump(): void {
    if (!this.#connected) return
    let inFlight = 0
    for (const slot of this.#slots.values()) if (slot.inFlight) inFlight += 1
    for (const slot of this.#slots.values()) {
      if (inFlight >= this.#maxInFlight) return
      if (slot.inFlight || slot.coolingDown) continue
      if (!this.options.transmit(slot.entry)) return
      slot.inFlight = true
      slot.lastRefusal = undefined
      slot.attempts += 1
      inFlight += 1
      slot.ackTimer = setTimeout(() => {
        slot.inFlight = false
        this.#pump()
      }, this.#ackTimeoutMs)
    }
  }

  #fail(slot: Slot, error: WarblerError): void {
    if (this.#slots.get(slot.entry.clientMsgId) !== slot) return
    this.#remove(slot)
    for (const waiter of slot.waiters) waiter.reject(error)
    this.options.onFailure({ conversationId: slot.entry.conversationId, clientMsgId: slot.entry.clientMsgId, error })
    this.#pump()
  }

  #remove(slot: Slot): void {
    this.#clearTimers(slot)
    this.#slots.delete(slot.entry.clientMsgId)
    this.options.persist({ delete: [slot.entry.clientMsgId] })
    this.#pump()
  }

  #clearTimers(slot: Slot): void {
    clearTimeout(slot.ackTimer)
    clearTimeout(slot.retryTimer)
    clearTimeout(slot.deadlineTimer)
  }
}
