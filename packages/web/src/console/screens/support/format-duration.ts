/**
 * A duration in words of the language, at most two units: `45 sec`, `3 min 20 sec`, `2 hr 5 min`,
 * `3 days 4 hr` (`3天4小时` in Chinese). Negative durations count as 0.
 */
export function formatDuration(ms: number, language: string): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const parts: [number, Intl.NumberFormatOptions['unit']][] = [
    [Math.floor(seconds / 86_400), 'day'],
    [Math.floor((seconds % 86_400) / 3600), 'hour'],
    [Math.floor((seconds % 3600) / 60), 'minute'],
    [seconds % 60, 'second'],
  ]
  const first = parts.findIndex(([value]) => value > 0)
  const shown = first < 0 ? [parts[3]!] : parts.slice(first, first + 2).filter(([value], index) => index === 0 || value > 0)
  const chinese = language.toLowerCase().startsWith('zh')
  return shown
    .map(([value, unit]) => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value))
    .join(chinese ? '' : ' ')
}
