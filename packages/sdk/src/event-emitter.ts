import { isThenable } from './background.js'

/** A listener for one event of an event map; it may be `async`. */
export type Listener<T> = (payload: T) => void | PromiseLike<unknown>

/** Told about a listener that threw or whose promise rejected, with the event it listened to. */
export type ListenerErrorHandler<Events> = (error: unknown, name: keyof Events) => void

/**
 * A small typed event emitter with no Node dependency.
 * A listener that throws, or an `async` listener whose promise rejects, does not stop the others
 * and never becomes an unhandled rejection: the error is reported to `onListenerError`.
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

  constructor(private readonly onListenerError: ListenerErrorHandler<Events> = defaultListenerError) {}

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
      return listener(payload)
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
        const result = (listener as Listener<Events[K]>)(payload)
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.#listenerFailed(error, name))
      } catch (error) {
        this.#listenerFailed(error, name)
      }
    }
  }

  #listenerFailed(error: unknown, name: keyof Events): void {
    try {
      this.onListenerError(error, name)
    } catch (failure) {
      defaultListenerError(failure)
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

/**
 * A bug in an app listener must not break delivery to the others, nor the SDK's state, nor crash
 * the host process: it is printed, as a browser reports an event listener that throws.
 */
function defaultListenerError(error: unknown): void {
  console.error('[warbler] an event listener failed:', error)
}
