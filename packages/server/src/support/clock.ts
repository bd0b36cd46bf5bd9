/** A timer a {@link Clock} started. */
export interface ClockTimer {
  cancel(): void
}

/**
 * Time as a dependency: customer service (snooze, SLA, the assignment sweep) reads the time and
 * sets timers only through this, so tests move time instead of sleeping.
 */
export interface Clock {
  now(): number
  /** Calls `callback` after `ms` (of this clock's time). */
  setTimer(callback: () => void, ms: number): ClockTimer
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms)
    handle.unref?.()
    return { cancel: () => clearTimeout(handle) }
  },
}

/**
 * A clock tests move by hand: `advance(ms)` moves the time and fires the timers that fall due, in
 * order.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(Date.UTC(2026, 11, 7, 9))
 * clock.advance(60_000)
 * ```
 */
export class ManualClock implements Clock {
  private timers: { at: number; callback: () => void; id: number }[] = []
  private nextId = 0

  constructor(private time: number) {}

  now(): number {
    return this.time
  }

  /** How many timers wait to fire. */
  get pendingTimers(): number {
    return this.timers.length
  }

  setTimer(callback: () => void, ms: number): ClockTimer {
    const timer = { at: this.time + Math.max(0, ms), callback, id: this.nextId++ }
    this.timers.push(timer)
    return { cancel: () => (this.timers = this.timers.filter((entry) => entry !== timer)) }
  }

  /** Moves time forward, firing due timers (a timer set by a firing timer fires too when due). */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((entry) => entry.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((entry) => entry !== due)
      this.time = Math.max(this.time, due.at)
      due.callback()
    }
    this.time = end
  }
}
