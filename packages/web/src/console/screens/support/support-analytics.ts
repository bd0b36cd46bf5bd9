import type { Bar } from '../bar-chart.js'
import { HANDOFF_REASONS, type CsatAverage, type HandoffReason, type SupportAnalytics } from './support-types.js'

/** The share of bot conversations handed to a person, as a whole percentage (`'25%'`); undefined with none. */
export function handoffRate(analytics: Pick<SupportAnalytics, 'handoffs' | 'botConversations'>): string | undefined {
  if (analytics.botConversations <= 0) return undefined
  return `${Math.round((analytics.handoffs / analytics.botConversations) * 100)}%`
}

/** One bar per hand-off reason, every reason shown (0 included) in a fixed order. */
export function reasonBars(analytics: { handoffsByReason: Partial<SupportAnalytics['handoffsByReason']> }, labelOf: (reason: HandoffReason) => string): Bar[] {
  return HANDOFF_REASONS.map((reason) => ({ label: labelOf(reason), value: analytics.handoffsByReason[reason] ?? 0 }))
}

/** CSAT averages as bars, rounded to one decimal, in the order given. */
export function csatBars(rows: readonly (CsatAverage & { label: string })[], labelOf: (label: string) => string): Bar[] {
  return rows.map((row) => ({ label: labelOf(row.label), value: Math.round(row.average * 10) / 10 }))
}
