/**
 * Hands on a stream whose first part was already read (to fail early), without an extra async
 * generator between the reader and the stream: that hop would cost promises on every token.
 */

/**
 * An async iterable that yields `first` (unless it is done), then the rest of `iterator`. A reader
 * that stops early (`return`) closes `iterator`. Iterate it once.
 *
 * @example
 * ```ts
 * const parts = translate(stream)
 * const first = await parts.next() // a refused request rejects here
 * return resumeAfterFirst(first, parts)
 * ```
 */
export function resumeAfterFirst<T>(first: IteratorResult<T>, iterator: AsyncIterator<T>): AsyncIterable<T> {
  let pending: IteratorResult<T> | undefined = first
  const rest: AsyncIterator<T> = {
    next() {
      const result = pending
      pending = undefined
      return result === undefined ? iterator.next() : Promise.resolve(result)
    },
    async return(value?: unknown) {
      pending = undefined
      await iterator.return?.(undefined)
      return { done: true, value: value as T }
    },
  }
  return { [Symbol.asyncIterator]: () => rest }
}
