import type { SupportPriority, SupportSettings } from './support-types.js'
import { SUPPORT_PRIORITIES } from './support-types.js'

/** SLA targets as the form edits them: minutes as typed, '' for no target. */
export type SlaForm = Record<SupportPriority, { firstResponse: string; resolution: string }>

/** One weekday in the form: open or closed, its first span, and any further spans kept as they are. */
export interface DayForm {
  day: 0 | 1 | 2 | 3 | 4 | 5 | 6
  open: boolean
  start: string
  end: string
  more: { start: string; end: string }[]
}

const minutes = (seconds: number | null) => (seconds === null ? '' : String(Math.round(seconds / 60)))

/** The settings' targets as minutes to edit. */
export function slaToForm(sla: SupportSettings['sla']): SlaForm {
  const form = {} as SlaForm
  for (const priority of SUPPORT_PRIORITIES) form[priority] = { firstResponse: minutes(sla[priority]?.firstResponseSeconds ?? null), resolution: minutes(sla[priority]?.resolutionSeconds ?? null) }
  return form
}

/** Typed minutes back to seconds; empty means no target. Throws on anything else than a whole number ≥ 1. */
export function formToSla(form: SlaForm): SupportSettings['sla'] {
  const seconds = (typed: string) => {
    const text = typed.trim()
    if (text === '') return null
    const value = Number(text)
    if (!Number.isInteger(value) || value < 1) throw new RangeError(text)
    return value * 60
  }
  const sla = {} as SupportSettings['sla']
  for (const priority of SUPPORT_PRIORITIES) sla[priority] = { firstResponseSeconds: seconds(form[priority].firstResponse), resolutionSeconds: seconds(form[priority].resolution) }
  return sla
}

// A time input cannot hold 24:00, so a span that runs to midnight ends at 00:00 in the form.
const endToInput = (end: string) => (end === '24:00' ? '00:00' : end)
const endFromInput = (end: string) => (end === '00:00' ? '24:00' : end)

/** Whether a day's span is empty or backwards (an end at 00:00 means midnight, the end of the day). */
export function badSpan(day: Pick<DayForm, 'open' | 'start' | 'end'>): boolean {
  return day.open && day.start >= endFromInput(day.end)
}

/** The weekly spans as seven days, Sunday first (closed days: 09:00–18:00 offered when opened). */
export function weeklyToDays(weekly: SupportSettings['businessHours']['weekly']): DayForm[] {
  return ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => {
    const spans = weekly.filter((span) => span.day === day).sort((a, b) => a.start.localeCompare(b.start))
    const [first, ...more] = spans
    return first ? { day, open: true, start: first.start, end: endToInput(first.end), more: more.map(({ start, end }) => ({ start, end })) } : { day, open: false, start: '09:00', end: '18:00', more: [] }
  })
}

/** The seven days back to weekly spans (closed days have none). */
export function daysToWeekly(days: readonly DayForm[]): SupportSettings['businessHours']['weekly'] {
  return days.filter((day) => day.open).flatMap((day) => [{ day: day.day, start: day.start, end: endFromInput(day.end) }, ...day.more.map((span) => ({ day: day.day, ...span }))])
}

/** Holidays typed one per line (or separated by commas): valid `YYYY-MM-DD` dates, sorted, once each. */
export function parseHolidays(text: string): { holidays: string[]; invalid: string[] } {
  const entries = text.split(/[\n,，]/).map((entry) => entry.trim()).filter((entry) => entry !== '')
  const valid = (entry: string) => /^\d{4}-\d{2}-\d{2}$/.test(entry) && !Number.isNaN(Date.parse(`${entry}T00:00:00Z`)) && new Date(`${entry}T00:00:00Z`).toISOString().startsWith(entry)
  return { holidays: [...new Set(entries.filter(valid))].sort(), invalid: entries.filter((entry) => !valid(entry)) }
}

/** The weekday's name in a language (0 = Sunday). */
export function weekdayName(day: number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)))
}
