/**
 * A short time: hours and minutes today, else the date — in the language's own order and clock,
 * without a leading zero on the hour ("9:05 AM", "9:05"), as people write it.
 */
export function formatTime(ts: number, language: string): string {
  const date = new Date(ts)
  const today = new Date()
  const sameDay = date.toDateString() === today.toDateString()
  return sameDay
    ? date.toLocaleTimeString(language, { hour: 'numeric', minute: '2-digit' })
    : date.toLocaleDateString(language, { month: 'short', day: 'numeric' })
}

/** A full date and time, for titles and the audit log (the hour without a leading zero, as above). */
export function formatDateTime(ts: number, language: string): string {
  return new Date(ts).toLocaleString(language, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' })
}
