import { describe, expect, it } from 'vitest'
import { businessDueAt } from './business-hours.js'
import type { BusinessHours } from './support-settings.js'

// Monday 2026-12-07 in Shanghai (UTC+8): open 09:00–12:00 and 13:00–18:00 on weekdays.
const shanghai: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  weekly: [1, 2, 3, 4, 5].flatMap((day) => [{ day, start: '09:00', end: '12:00' }, { day, start: '13:00', end: '18:00' }]),
  holidays: ['2026-12-09'],
}
const at = (iso: string) => Date.parse(iso)

describe('businessDueAt', () => {
  it('stops the clock over the lunch break that splits the day', () => {
    expect(businessDueAt(at('2026-12-07T11:00:00+08:00'), 7200, shanghai)).toBe(at('2026-12-07T14:00:00+08:00'))
  })

  it('starts counting at opening time, and carries over to the next open day past holidays and weekends', () => {
    expect(businessDueAt(at('2026-12-07T07:00:00+08:00'), 1800, shanghai)).toBe(at('2026-12-07T09:30:00+08:00'))
    expect(businessDueAt(at('2026-12-08T17:30:00+08:00'), 3600, shanghai)).toBe(at('2026-12-10T09:30:00+08:00'))
    expect(businessDueAt(at('2026-12-11T17:00:00+08:00'), 7200, shanghai)).toBe(at('2026-12-14T10:00:00+08:00'))
  })

  it('never comes due when the hours never open', () => {
    expect(businessDueAt(at('2026-12-07T07:00:00Z'), 60, { timeZone: 'UTC', weekly: [], holidays: [] })).toBeUndefined()
  })

  it('follows daylight saving time', () => {
    const newYork: BusinessHours = { timeZone: 'America/New_York', weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '09:00', end: '10:00' })), holidays: [] }
    // 2027-03-14: clocks go forward; 09:00 local is 13:00Z after, 14:00Z before.
    expect(businessDueAt(at('2027-03-13T14:00:00Z'), 3600, newYork)).toBe(at('2027-03-13T15:00:00Z'))
    expect(businessDueAt(at('2027-03-13T15:00:00Z'), 60, newYork)).toBe(at('2027-03-14T13:01:00Z'))
  })
})
