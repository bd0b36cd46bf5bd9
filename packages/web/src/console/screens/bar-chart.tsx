/** One bar. */
export interface Bar {
  label: string
  value: number
}

/**
 * A small accessible bar chart in SVG: bars scale to the largest value; every bar has a title
 * (hover) and the whole chart a text summary for screen readers.
 */
export function BarChart({ bars, label, height = 160 }: { bars: Bar[]; label: string; height?: number }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value))
  const width = 320
  const barWidth = width / Math.max(bars.length, 1)
  const summary = bars.map((bar) => `${bar.label}: ${bar.value}`).join(', ')
  return (
    <figure className="chart">
      <svg viewBox={`-14 0 ${width + 28} ${height + 22}`} role="img" aria-label={`${label}. ${summary}`}>
        <line x1={0} y1={height} x2={width} y2={height} className="chart-axis" />
        {bars.map((bar, index) => {
          const barHeight = (bar.value / max) * (height - 16)
          const x = index * barWidth + barWidth * 0.15
          return (
            <g key={bar.label}>
              <rect x={x} y={height - barHeight} width={barWidth * 0.7} height={barHeight} rx={3} className="chart-bar">
                <title>{`${bar.label}: ${bar.value}`}</title>
              </rect>
              {bars.length <= 14 && bar.value > 0 && (
                <text x={x + barWidth * 0.35} y={height - barHeight - 4} textAnchor="middle" className="chart-value">
                  {bar.value}
                </text>
              )}
              {(bars.length <= 10 || (bars.length - 1 - index) % Math.ceil(bars.length / 6) === 0) && (
                <text x={x + barWidth * 0.35} y={height + 16} textAnchor="middle" className="chart-label">
                  {bar.label}
                </text>
              )}
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
