/** A count for one UTC day (`YYYY-MM-DD`). */
export interface DayCount {
  day: string
  count: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The last `days` UTC days up to `now`, with 0 for days without data, oldest first. */
export function fillDays(data: readonly DayCount[], days: number, now = Date.now()): DayCount[] {
  const byDay = new Map(data.map((entry) => [entry.day, entry.count]))
  const result: DayCount[] = []
  for (let index = days - 1; index >= 0; index--) {
    const day = new Date(now - index * DAY_MS).toISOString().slice(0, 10)
    result.push({ day, count: byDay.get(day) ?? 0 })
  }
  return result
}
