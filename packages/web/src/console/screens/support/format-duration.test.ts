import { describe, expect, it } from 'vitest'
import { formatDuration } from './format-duration.js'

describe('durations in words', () => {
  it('shows at most two units, largest first, in English', () => {
    expect(formatDuration(0, 'en')).toBe('0 sec')
    expect(formatDuration(45_000, 'en')).toBe('45 sec')
    expect(formatDuration(200_000, 'en')).toBe('3 min 20 sec')
    expect(formatDuration(2 * 3600_000 + 5 * 60_000 + 7_000, 'en')).toBe('2 hr 5 min')
    expect(formatDuration(3600_000, 'en')).toBe('1 hr')
    expect(formatDuration(-5, 'en')).toBe('0 sec')
  })
  it('writes Chinese units without spaces', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000, 'zh-CN')).toBe('3天4小时')
    expect(formatDuration(90_000, 'zh-CN')).toBe('1分钟30秒')
  })
})
