// SVG chart: p99 end-to-end latency against offered load, one line per system (log-scale y).
const COLORS = { warbler: '#2563eb', warblerNormal: '#7c3aed', warblerWorkers: '#0891b2', warblerPg: '#0f766e', ejabberd: '#dc2626', ejabberdMam: '#ea580c', ejabberdMamPg: '#9a3412', rawWs: '#16a34a' }

export function renderLatencyChart(results) {
  const width = 720
  const height = 420
  const margin = { left: 70, right: 180, top: 40, bottom: 50 }
  const series = Object.entries(results.systems)
    .filter(([, entry]) => entry.direct?.length)
    .map(([name, entry]) => ({ name, label: entry.label ?? name, points: entry.direct.filter((row) => row.p99Ms !== null).map((row) => [row.offered, row.p99Ms]) }))
  const xs = series.flatMap((line) => line.points.map((point) => point[0]))
  const ys = series.flatMap((line) => line.points.map((point) => point[1]))
  const xMax = Math.max(1, ...xs)
  const yMin = Math.max(0.1, Math.min(1, ...ys))
  const yMax = Math.max(100, ...ys)
  const x = (value) => margin.left + (value / xMax) * (width - margin.left - margin.right)
  const y = (value) => height - margin.bottom - ((Math.log10(Math.max(value, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (height - margin.top - margin.bottom)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin.left}" y="22" font-size="14">Direct messages: p99 end-to-end latency vs offered load (${results.mode} mode, ${results.date.slice(0, 10)})</text>`,
    `<line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 12}" text-anchor="middle">offered load (messages/s)</text>`,
    `<text x="16" y="${(margin.top + height - margin.bottom) / 2}" transform="rotate(-90 16 ${(margin.top + height - margin.bottom) / 2})" text-anchor="middle">p99 latency (ms, log)</text>`,
  ]
  for (const value of [...new Set(xs)].sort((a, b) => a - b)) parts.push(`<text x="${x(value)}" y="${height - margin.bottom + 16}" text-anchor="middle">${value}</text>`)
  for (let decade = Math.floor(Math.log10(yMin)); 10 ** decade <= yMax; decade++) {
    const value = 10 ** decade
    if (value < yMin) continue
    parts.push(`<line x1="${margin.left}" y1="${y(value)}" x2="${width - margin.right}" y2="${y(value)}" stroke="#ddd"/>`, `<text x="${margin.left - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`)
  }
  parts.push(`<line x1="${margin.left}" y1="${y(50)}" x2="${width - margin.right}" y2="${y(50)}" stroke="#999" stroke-dasharray="4 4"/><text x="${width - margin.right + 4}" y="${y(50) + 4}" fill="#666">50 ms target</text>`)
  series.forEach((line, index) => {
    const color = COLORS[line.name] ?? '#000'
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${line.points.map(([px, py]) => `${x(px)},${y(py)}`).join(' ')}"/>`)
    for (const [px, py] of line.points) parts.push(`<circle cx="${x(px)}" cy="${y(py)}" r="3" fill="${color}"/>`)
    parts.push(`<rect x="${width - margin.right + 10}" y="${margin.top + 20 + index * 20}" width="12" height="3" fill="${color}"/><text x="${width - margin.right + 26}" y="${margin.top + 25 + index * 20}">${line.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}
