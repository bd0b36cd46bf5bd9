/** A short time: hours and minutes today, else the date. */
export function formatTime(ts: number, language: string): string {
  const date = new Date(ts)
  const today = new Date()
  const sameDay = date.toDateString() === today.toDateString()
  return sameDay
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(language, { month: 'short', day: 'numeric' })
}

/** A full date and time, for titles and the audit log. */
export function formatDateTime(ts: number, language: string): string {
  return new Date(ts).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'medium' })
}
