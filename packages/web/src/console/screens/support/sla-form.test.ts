import { describe, expect, it } from 'vitest'
import { badSpan, daysToWeekly, formToSla, parseHolidays, slaToForm, weekdayName, weeklyToDays } from './sla-form.js'

const sla = {
  low: { firstResponseSeconds: null, resolutionSeconds: null },
  normal: { firstResponseSeconds: 3600, resolutionSeconds: 86_400 },
  high: { firstResponseSeconds: 900, resolutionSeconds: null },
  urgent: { firstResponseSeconds: 300, resolutionSeconds: 7200 },
}

describe('the SLA and business hours form', () => {
  it('edits targets in minutes and gives them back in seconds, empty meaning none', () => {
    const form = slaToForm(sla)
    expect(form.normal).toEqual({ firstResponse: '60', resolution: '1440' })
    expect(form.low).toEqual({ firstResponse: '', resolution: '' })
    expect(formToSla(form)).toEqual(sla)
    expect(() => formToSla({ ...form, high: { firstResponse: '1.5', resolution: '' } })).toThrow(RangeError)
    expect(() => formToSla({ ...form, high: { firstResponse: '0', resolution: '' } })).toThrow(RangeError)
  })

  it('shows the week as seven days and keeps a second span of a day (a lunch break) as it was', () => {
    const weekly = [
      { day: 1 as const, start: '13:00', end: '18:00' },
      { day: 1 as const, start: '09:00', end: '12:00' },
      { day: 2 as const, start: '09:00', end: '18:00' },
    ]
    const days = weeklyToDays(weekly)
    expect(days).toHaveLength(7)
    expect(days[0]).toMatchObject({ day: 0, open: false })
    expect(days[1]).toEqual({ day: 1, open: true, start: '09:00', end: '12:00', more: [{ start: '13:00', end: '18:00' }] })
    expect(daysToWeekly(days)).toEqual([
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '13:00', end: '18:00' },
      { day: 2, start: '09:00', end: '18:00' },
    ])
    expect(daysToWeekly(days.map((day) => (day.day === 2 ? { ...day, open: false } : day)))).toHaveLength(2)
  })

  it('shows a span that runs to midnight as ending at 00:00 and saves it as 24:00', () => {
    const days = weeklyToDays([{ day: 3, start: '00:00', end: '24:00' }])
    expect(days[3]).toMatchObject({ open: true, start: '00:00', end: '00:00' })
    expect(badSpan(days[3]!)).toBe(false)
    expect(daysToWeekly(days)).toEqual([{ day: 3, start: '00:00', end: '24:00' }])
    expect(badSpan({ open: true, start: '18:00', end: '09:00' })).toBe(true)
    expect(badSpan({ open: false, start: '18:00', end: '09:00' })).toBe(false)
  })

  it('reads holidays one per line or comma separated, and names the ones that are no date', () => {
    expect(parseHolidays('2026-10-01\n2026-01-01, 2026-10-01，2026-02-30\nnext friday')).toEqual({ holidays: ['2026-01-01', '2026-10-01'], invalid: ['2026-02-30', 'next friday'] })
  })

  it('names weekdays in the language', () => {
    expect(weekdayName(0, 'en')).toBe('Sunday')
    expect(weekdayName(1, 'zh-CN')).toBe('星期一')
  })
})
