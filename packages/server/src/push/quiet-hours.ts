import type { DoNotDisturb } from '@warbler/protocol'

const minutes = (clock: string) => {
  const [hours, mins] = clock.split(':').map(Number) as [number, number]
  return hours * 60 + mins
}

/** The local time of day in a time zone, in minutes after midnight. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  return value('hour') * 60 + value('minute')
}

/**
 * Whether `at` falls in the user's quiet hours. The window runs from `start` (inclusive) to `end`
 * (exclusive) in local time and may span midnight (22:00–07:00); equal ends mean no quiet hours.
 */
export function inQuietHours(dnd: DoNotDisturb | null, at: number): boolean {
  if (!dnd) return false
  const start = minutes(dnd.start)
  const end = minutes(dnd.end)
  if (start === end) return false
  const now = localMinutes(at, dnd.timeZone)
  return start < end ? now >= start && now < end : now >= start || now < end
}
