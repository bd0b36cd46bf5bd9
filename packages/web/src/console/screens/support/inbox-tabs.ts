import type { SupportConversation, SupportCounts, SupportListFilter, SupportPriority } from './support-types.js'

/** The tabs of the agent inbox. */
export type InboxTab = 'queue' | 'mine' | 'all' | 'resolved'

/** Every tab, in the order the inbox shows them. */
export const INBOX_TABS: readonly InboxTab[] = ['queue', 'mine', 'all', 'resolved']

const PRIORITY_RANK: Record<SupportPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 }

/** Whether a conversation belongs in a tab, for the agent `me` (undefined: nobody picked yet). */
export function inTab(tab: InboxTab, row: SupportConversation, me: string | undefined): boolean {
  const { status, assigneeId } = row.support
  switch (tab) {
    case 'queue':
      return status === 'queued'
    case 'mine':
      return me !== undefined && assigneeId === me && (status === 'assigned' || status === 'snoozed')
    case 'all':
      return status === 'queued' || status === 'assigned' || status === 'snoozed'
    case 'resolved':
      return status === 'resolved'
  }
}

function activityOf(row: SupportConversation): number {
  return row.lastMessage?.ts ?? row.support.assignedAt ?? row.support.queuedAt ?? 0
}

/**
 * The rows of a tab, in working order: the queue and open tabs by priority, then the longest
 * waiting first (the order the server assigns in); resolved ones newest first.
 */
export function rowsOf(tab: InboxTab, rows: readonly SupportConversation[], me: string | undefined): SupportConversation[] {
  const picked = rows.filter((row) => inTab(tab, row, me))
  if (tab === 'resolved') return picked.sort((a, b) => (b.support.resolvedAt ?? 0) - (a.support.resolvedAt ?? 0))
  return picked.sort(
    (a, b) =>
      PRIORITY_RANK[a.support.priority] - PRIORITY_RANK[b.support.priority] ||
      (a.support.queuedAt ?? activityOf(a)) - (b.support.queuedAt ?? activityOf(b)) ||
      a.conversationId.localeCompare(b.conversationId),
  )
}

/** How many conversations each tab holds, from the app-wide counts the server answers with. */
export function tabCounts(counts: SupportCounts | undefined): Record<InboxTab, number> | undefined {
  if (!counts) return undefined
  return { queue: counts.queued, mine: counts.mine, all: counts.queued + counts.assigned + counts.snoozed, resolved: counts.resolved }
}

/**
 * The list calls that fill a tab (each also answers the app-wide counts). "Mine" is what is assigned
 * to me, snoozed ones included; "all" is everything open.
 */
export function queriesOf(tab: InboxTab, me: string | undefined): SupportListFilter[] {
  const mine = me === undefined ? {} : { assigneeId: me }
  switch (tab) {
    case 'queue':
      return [{ status: 'queued', limit: 200 }]
    case 'mine':
      return me === undefined ? [] : [{ status: 'assigned', ...mine, limit: 200 }, { status: 'snoozed', ...mine, limit: 200 }]
    case 'all':
      return (['queued', 'assigned', 'snoozed'] as const).map((status) => ({ status, limit: 200 }))
    case 'resolved':
      return [{ status: 'resolved', limit: 100 }]
  }
}

/** The call that watches my assignments on every poll (for the alert, and the `mine` count). */
export function watchQuery(me: string): SupportListFilter {
  return { status: 'assigned', assigneeId: me, limit: 200 }
}

/** Merges the answers of several list calls (one per status), one row per conversation, the last answer winning. */
export function mergeRows(lists: readonly (readonly SupportConversation[])[]): SupportConversation[] {
  const byId = new Map<string, SupportConversation>()
  for (const list of lists) for (const row of list) byId.set(row.conversationId, row)
  return [...byId.values()]
}

/** One assignment of a conversation (a later assignment of the same conversation is another). */
export function assignmentKey(row: SupportConversation): string {
  return `${row.conversationId}:${row.support.assignedAt ?? 0}`
}

/**
 * Assignments to `me` not seen before, and the keys seen now. With `seen` undefined (the first
 * look) nothing is new, so opening the inbox does not ring; an answer that arrives late and misses
 * an assignment cannot make it ring twice, because keys are only ever added.
 */
export function newAssignments(
  seen: ReadonlySet<string> | undefined,
  rows: readonly SupportConversation[],
  me: string | undefined,
): { fresh: SupportConversation[]; seen: Set<string> } {
  const mine = me === undefined ? [] : rows.filter((row) => row.support.status === 'assigned' && row.support.assigneeId === me)
  const next = new Set(seen ?? [])
  for (const row of mine) next.add(assignmentKey(row))
  if (seen === undefined) return { fresh: [], seen: next }
  return { fresh: mine.filter((row) => !seen.has(assignmentKey(row))), seen: next }
}
