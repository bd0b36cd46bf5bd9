/**
 * Bounds how many replies one bot works on at once; further replies wait in a FIFO queue up to
 * `maxQueued`, and beyond that `tryRun` answers false at once (the bot says it is busy).
 */
export class ConcurrencyGate {
  private active = 0
  private readonly queue: Array<() => void> = []

  constructor(
    private limit: number,
    private readonly maxQueued: number,
  ) {}

  /** Changes the limit (a bot's settings changed); queued work starts when slots free up. */
  setLimit(limit: number): void {
    this.limit = limit
    this.drain()
  }

  /** Runs `work` when a slot is free; resolves false without running it when the queue is full. */
  async tryRun(work: () => Promise<void>): Promise<boolean> {
    if (this.active >= this.limit) {
      if (this.queue.length >= this.maxQueued) return false
      await new Promise<void>((resolve) => this.queue.push(resolve))
    } else this.active += 1
    try {
      await work()
    } finally {
      this.active -= 1
      this.drain()
    }
    return true
  }

  private drain(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      this.active += 1
      this.queue.shift()!()
    }
  }
}
