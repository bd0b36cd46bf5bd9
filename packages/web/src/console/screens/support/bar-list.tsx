import type { Bar } from '../bar-chart.js'

/**
 * Horizontal bars with their labels written out (long labels such as hand-off reasons and agent
 * names stay readable at any width): a list, so screen readers read "label: value" in order.
 */
export function BarList({ bars, label, max, format = String }: { bars: Bar[]; label: string; max?: number; format?: (value: number) => string }) {
  const top = max ?? Math.max(1, ...bars.map((bar) => bar.value))
  return (
    <ul className="bar-list" aria-label={label}>
      {bars.map((bar) => (
        <li key={bar.label}>
          <span className="bar-list-label">{bar.label}</span>
          <span className="bar-list-track" aria-hidden="true">
            <span className="bar-list-fill" style={{ width: `${Math.max(0, Math.min(1, bar.value / top)) * 100}%` }} />
          </span>
          <span className="bar-list-value">
            <span className="visually-hidden">: </span>
            {format(bar.value)}
          </span>
        </li>
      ))}
    </ul>
  )
}
