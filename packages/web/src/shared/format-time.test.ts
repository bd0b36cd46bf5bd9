import { describe, expect, it } from 'vitest'
import { formatDateTime, formatTime } from './format-time.js'

describe('times', () => {
  const nineOhFive = new Date()
  nineOhFive.setHours(9, 5, 7, 0)

  it('show today\'s time in the locale\'s format without a leading zero', () => {
    expect(formatTime(nineOhFive.getTime(), 'en').replace(/\s/g, ' ')).toBe('9:05 AM')
    expect(formatTime(nineOhFive.getTime(), 'zh-CN')).toMatch(/^(上午)?9:05$/)
  })

  it('show a full date and time without a leading zero on the hour', () => {
    const at = new Date(2026, 11, 7, 9, 5, 7).getTime()
    expect(formatDateTime(at, 'en').replace(/\s/g, ' ')).toBe('Dec 7, 2026, 9:05:07 AM')
    expect(formatDateTime(at, 'zh-CN')).toMatch(/^2026年12月7日 (上午)?9:05:07$/)
  })
})
