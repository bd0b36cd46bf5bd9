import type { WebhookSettings } from './webhook-settings.js'

/**
 * When to try a failed delivery again: the schedule's delay for this attempt (the last entry
 * repeats), spread by ± jitter. Undefined when that would fall outside the retry window, so the
 * delivery is given up.
 *
 * @param attempts attempts made so far (1 after the first failure)
 */
export function nextAttemptAt(
  attempts: number,
  createdAt: number,
  now: number,
  settings: Pick<WebhookSettings, 'retryScheduleMs' | 'retryWindowMs' | 'jitter'>,
  random: () => number = Math.random,
): number | undefined {
  const schedule = settings.retryScheduleMs
  const base = schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1] ?? 0
  const delay = Math.round(base * (1 + settings.jitter * (2 * random() - 1)))
  const at = now + Math.max(delay, 0)
  return at - createdAt > settings.retryWindowMs ? undefined : at
}
