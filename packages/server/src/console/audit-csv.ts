import type { AuditEntry } from '../storage/console-store.js'

const COLUMNS = ['id', 'time', 'actorType', 'actor', 'action', 'appId', 'target', 'status', 'ip', 'userAgent'] as const

/** Quotes a CSV field, and defuses spreadsheet formulas (a leading = + - @ gets a quote). */
function field(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The audit log as CSV (RFC 4180, CRLF line ends, ISO times), with a header row. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(',')]
  for (const entry of entries) {
    lines.push(
      [entry.id, new Date(entry.ts).toISOString(), entry.actorType, entry.actorId, entry.action, entry.appId, entry.target, entry.status, entry.ip, entry.userAgent]
        .map(field)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}
