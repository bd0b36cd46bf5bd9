/** A listener for one event of an event map. */
export type Listener<T> = (payload: T) => void

/**
 * A small typed event emitter with no Node dependency.
 * A listener that throws does not stop the others: the error is reported to `onListenerError`.
 *
 * @example
 * ```ts
 * const emitter = new TypedEmitter<{ ping: number }>()
 * const off = emitter.on('ping', (n) => console.log(n))
 * emitter.emit('ping', 1)
 * off()
 * ```
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  constructor(private readonly onListenerError: (error: unknown) => void = defaultListenerError) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(name)
    if (!set) {
      set = new Set()
      this.#listeners.set(name, set)
    }
    set.add(listener as Listener<never>)
    return () => this.off(name, listener)
  }

  /** Adds a listener called at most once. */
  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(name, (payload) => {
      off()
      listener(payload)
    })
    return off
  }

  /** Removes a listener. */
  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(name)?.delete(listener as Listener<never>)
  }

  /** Calls every listener of `name` with `payload`. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name)
    if (!set) return
    for (const listener of [...set]) {
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }

  /** How many listeners `name` has. */
  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0
  }

  /** Removes every listener. */
  removeAllListeners(): void {
    this.#listeners.clear()
  }
}

function defaultListenerError(error: unknown): void {
  // A bug in an app listener must not break delivery to the others, nor the SDK's state.
  queueMicrotask(() => {
    throw error
  })
}
