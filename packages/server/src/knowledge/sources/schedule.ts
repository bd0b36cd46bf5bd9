import { createHash } from 'node:crypto'

/** Longest wait after repeated failures: one day. */
export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000

/**
 * A source's offset within its interval (0 to 10 % of it, at most 10 minutes), fixed per source:
 * sources created at the same moment, or a thousand sources of one interval, do not all sync at once.
 */
export function spreadOffsetMs(sourceId: string, everyMinutes: number): number {
  const span = Math.min(everyMinutes * 60_000 * 0.1, 10 * 60_000)
  const fraction = createHash('sha256').update(sourceId).digest().readUInt32BE(0) / 0xffffffff
  return Math.floor(span * fraction)
}

/**
 * When a scheduled source runs next: one interval after `now` plus its spread offset; after
 * failures the interval doubles per consecutive failure (at least one minute, at most a day).
 */
export function nextRunAt(sourceId: string, everyMinutes: number, now: number, consecutiveFailures = 0): number {
  const interval = everyMinutes * 60_000
  if (consecutiveFailures <= 0) return now + interval + spreadOffsetMs(sourceId, everyMinutes)
  const backoff = Math.min(MAX_BACKOFF_MS, Math.max(60_000, Math.min(interval, 15 * 60_000) * 2 ** (consecutiveFailures - 1)))
  return now + backoff + spreadOffsetMs(sourceId, everyMinutes)
}
