/**
 * State that React reads with `useSyncExternalStore`: an immutable snapshot, replaced (never
 * mutated) on each change, and listeners told after each replacement.
 */
export class ExternalStore<T> {
  #snapshot: T
  readonly #listeners = new Set<() => void>()

  constructor(initial: T) {
    this.#snapshot = initial
  }

  /** Subscribes to changes; returns a function that unsubscribes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** The current snapshot. */
  readonly getSnapshot = (): T => this.#snapshot

  /** Replaces the snapshot with a patched copy and tells the listeners. */
  protected update(patch: Partial<T>): void {
    this.replace({ ...this.#snapshot, ...patch })
  }

  /** Replaces the snapshot and tells the listeners. */
  protected replace(next: T): void {
    this.#snapshot = next
    for (const listener of [...this.#listeners]) listener()
  }
}
