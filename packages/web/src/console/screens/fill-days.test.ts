import { describe, expect, it } from 'vitest'
import { fillDays } from './fill-days.js'

describe('fillDays', () => {
  it('gives every day of the range, oldest first, with zeros where nothing happened', () => {
    const now = Date.parse('2026-03-10T12:00:00Z')
    expect(fillDays([{ day: '2026-03-09', count: 4 }], 3, now)).toEqual([
      { day: '2026-03-08', count: 0 },
      { day: '2026-03-09', count: 4 },
      { day: '2026-03-10', count: 0 },
    ])
  })
})
