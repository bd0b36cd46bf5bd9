import { describe, expect, it } from 'vitest'
import { inQuietHours } from './quiet-hours.js'

describe('quiet hours', () => {
  // 2026-12-07 15:30 UTC is 23:30 in Shanghai and 10:30 in New York.
  const at = Date.UTC(2026, 11, 7, 15, 30)

  it('spans midnight in the user’s own time zone', () => {
    expect(inQuietHours({ start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' }, at)).toBe(true)
    expect(inQuietHours({ start: '22:00', end: '07:00', timeZone: 'America/New_York' }, at)).toBe(false)
  })

  it('handles a daytime window, its edges, equal ends and no window', () => {
    expect(inQuietHours({ start: '10:30', end: '11:00', timeZone: 'America/New_York' }, at)).toBe(true)
    expect(inQuietHours({ start: '09:00', end: '10:30', timeZone: 'America/New_York' }, at)).toBe(false)
    expect(inQuietHours({ start: '10:00', end: '10:00', timeZone: 'America/New_York' }, at)).toBe(false)
    expect(inQuietHours(null, at)).toBe(false)
  })
})
