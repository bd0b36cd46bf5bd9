/**
 * Batches streamed text into fewer frames: the first piece after a quiet spell goes out at once
 * (no added latency on the first token), later pieces are gathered for `intervalMs` and sent
 * together. `flush()` sends whatever is pending (before the final edit).
 */
export class DeltaCoalescer {
  private pending = ''
  private offset = 0
  private lastSentAt = 0
  private timer: NodeJS.Timeout | undefined
  private sending: Promise<void> = Promise.resolve()

  constructor(
    private readonly send: (text: string, offset: number) => Promise<void>,
    private readonly intervalMs = 40,
  ) {}

  /** The characters handed out so far (sent and pending). */
  get length(): number {
    return this.offset + this.pending.length
  }

  /** Adds text; sends now when nothing went out in the last interval, else soon. */
  push(text: string): void {
    if (text === '') return
    this.pending += text
    if (this.timer) return
    const wait = this.intervalMs - (Date.now() - this.lastSentAt)
    if (wait <= 0) this.emit()
    else this.timer = setTimeout(() => this.emit(), wait)
  }

  /** Sends what is pending and waits for every send so far. */
  async flush(): Promise<void> {
    this.emit()
    await this.sending
  }

  private emit(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending === '') return
    const text = this.pending
    const offset = this.offset
    this.pending = ''
    this.offset += text.length
    this.lastSentAt = Date.now()
    this.sending = this.sending.then(() => this.send(text, offset)).catch(() => undefined)
  }
}
