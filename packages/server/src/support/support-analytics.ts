import type { CaseRecord, CsatRecord, HandoffReason, SupportStore } from '../storage/support-store.js'

const REASONS: readonly HandoffReason[] = ['customer_request', 'missing_knowledge', 'tool_failure', 'policy', 'other']

/** Count, average and median of durations in ms. */
export interface DurationSummary {
  count: number
  average: number | null
  p50: number | null
}

/** `GET /support/analytics`. */
export interface SupportAnalytics {
  handoffs: number
  botConversations: number
  handoffsByReason: Record<HandoffReason, number>
  firstResponseMs: DurationSummary
  resolutionMs: DurationSummary
  csat: {
    byAgent: { agentId: string; count: number; average: number }[]
    byTeam: { team: string; count: number; average: number }[]
    byDay: { day: string; count: number; average: number }[]
  }
}

/** Summarises durations. */
export function summarise(values: readonly number[]): DurationSummary {
  if (values.length === 0) return { count: 0, average: null, p50: null }
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const p50 = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { count: sorted.length, average: sorted.reduce((sum, value) => sum + value, 0) / sorted.length, p50 }
}

function averagesBy<K extends string>(ratings: readonly CsatRecord[], keyOf: (rating: CsatRecord) => string | null, label: K) {
  const groups = new Map<string, number[]>()
  for (const rating of ratings) {
    const key = keyOf(rating)
    if (key === null) continue
    groups.set(key, [...(groups.get(key) ?? []), rating.rating])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, values]) => ({ [label]: key, count: values.length, average: values.reduce((sum, value) => sum + value, 0) / values.length }) as { [P in K]: string } & { count: number; average: number })
}

/**
 * Support analytics of an app over `[from, to)`: hand-offs (and by reason) among the conversations
 * bots had, first response and resolution times of those cases, CSAT by agent, team and day (UTC).
 */
export async function supportAnalytics(store: SupportStore, appId: string, range: { from: number; to: number }): Promise<SupportAnalytics> {
  const [cases, ratings, botConversations] = await Promise.all([store.listCases(appId, range), store.listCsat(appId, range), store.countStatesCreated(appId, range)])
  const byReason = Object.fromEntries(REASONS.map((reason) => [reason, 0])) as Record<HandoffReason, number>
  for (const entry of cases) byReason[entry.reason] += 1
  const responded = cases.filter((entry): entry is CaseRecord & { firstResponseAt: number } => entry.firstResponseAt !== null)
  const resolved = cases.filter((entry): entry is CaseRecord & { resolvedAt: number } => entry.resolvedAt !== null)
  return {
    handoffs: cases.length,
    botConversations,
    handoffsByReason: byReason,
    firstResponseMs: summarise(responded.map((entry) => entry.firstResponseAt - entry.queuedAt)),
    resolutionMs: summarise(resolved.map((entry) => entry.resolvedAt - entry.queuedAt)),
    csat: {
      byAgent: averagesBy(ratings, (rating) => rating.assigneeId, 'agentId'),
      byTeam: averagesBy(ratings, (rating) => rating.team, 'team'),
      byDay: averagesBy(ratings, (rating) => new Date(rating.createdAt).toISOString().slice(0, 10), 'day'),
    },
  }
}
