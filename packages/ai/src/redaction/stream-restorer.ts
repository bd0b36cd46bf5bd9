/**
 * Restoring placeholders in a streamed reply, where `[PHONE_1]` may arrive as `[PHO` + `NE_1]`.
 */
import { couldBecomePlaceholder } from './placeholders.js'

/** Turns a stream of deltas with placeholders into a stream of deltas with the original values. */
export interface StreamRestorer {
  /** Takes the next delta; returns the text that is safe to show now (maybe empty). */
  push(delta: string): string
  /** Ends the stream; returns whatever was held back. */
  flush(): string
}

/** Where the last `[`, `【` or `［` is, or -1. */
function lastOpeningBracket(text: string): number {
  return Math.max(text.lastIndexOf('['), text.lastIndexOf('【'), text.lastIndexOf('［'))
}

/**
 * Creates a restorer that holds back a possible partial placeholder at the end of each delta and
 * emits everything before it restored. Concatenating every `push` result and the `flush` result
 * gives `restore(whole reply)`.
 *
 * @example
 * ```ts
 * const restorer = createStreamRestorer((text) => redactor.restore(text))
 * restorer.push('Call [PHO') // 'Call '
 * restorer.push('NE_1] now') // '138 1234 5678 now'
 * restorer.flush()           // ''
 * ```
 */
export function createStreamRestorer(restore: (text: string) => string): StreamRestorer {
  let pending = ''
  return {
    push(delta) {
      const text = pending + delta
      // A partial placeholder cannot contain another bracket, so only the last one can start it.
      const start = lastOpeningBracket(text)
      if (start < 0 || !couldBecomePlaceholder(text.slice(start))) {
        pending = ''
        return text === '' ? '' : restore(text)
      }
      pending = text.slice(start)
      return start === 0 ? '' : restore(text.slice(0, start))
    },
    flush() {
      const rest = pending
      pending = ''
      return rest === '' ? '' : restore(rest)
    },
  }
}
