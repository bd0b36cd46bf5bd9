import type { BusinessHours } from './support-settings.js'

const DAY_MS = 86_400_000
/** How far ahead a due time is looked for before giving up (no open hours at all). */
const MAX_DAYS = 400

/** The offset of `timeZone` from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant))
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  const local = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'))
  return local - Math.floor(instant / 1000) * 1000
}

/** The instant of a wall-clock time in the zone (`localMs` is that wall time read as UTC). */
function fromLocal(localMs: number, timeZone: string): number {
  const guess = localMs - offsetAt(localMs, timeZone)
  return localMs - offsetAt(guess, timeZone)
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/** The open spans of one local day (midnight given as a wall time read as UTC) as UTC instants. */
function openSpans(hours: BusinessHours, localMidnight: number): [number, number][] {
  const date = new Date(localMidnight).toISOString().slice(0, 10)
  if (hours.holidays.includes(date)) return []
  const weekday = new Date(localMidnight).getUTCDay()
  return hours.weekly
    .filter((span) => span.day === weekday)
    .map((span): [number, number] => [fromLocal(localMidnight + minutes(span.start) * 60_000, hours.timeZone), fromLocal(localMidnight + minutes(span.end) * 60_000, hours.timeZone)])
    .sort((a, b) => a[0] - b[0])
}

/**
 * When `seconds` of business time will have passed since `start`: the clock runs only inside the
 * weekly open spans (in the app's time zone) and stops on holidays. Undefined when the hours never
 * open.
 *
 * @example
 * ```ts
 * // open 09:00–12:00 and 13:00–18:00 in Shanghai; a 2 h target started at 11:00 is due at 14:00
 * businessDueAt(start, 7200, hours)
 * ```
 */
export function businessDueAt(start: number, seconds: number, hours: BusinessHours): number | undefined {
  let remaining = seconds * 1000
  const localStart = start + offsetAt(start, hours.timeZone)
  let midnight = Math.floor(localStart / DAY_MS) * DAY_MS
  for (let day = 0; day < MAX_DAYS; day++, midnight += DAY_MS) {
    for (const [open, close] of openSpans(hours, midnight)) {
      const from = Math.max(open, start)
      if (from >= close) continue
      if (close - from >= remaining) return from + remaining
      remaining -= close - from
    }
  }
  return undefined
}
