import { describe, expect, it } from 'vitest'
import { inTab, mergeRows, newAssignments, queriesOf, rowsOf, tabCounts } from './inbox-tabs.js'
import type { SupportConversation, SupportState } from './support-types.js'

function row(conversationId: string, support: Partial<SupportState>): SupportConversation {
  return { conversationId, customerId: `c-${conversationId}`, support: { conversationId, customerId: `c-${conversationId}`, status: 'queued', priority: 'normal', updatedAt: 0, ...support } }
}

describe('inbox tabs', () => {
  const rows = [
    row('q-old', { status: 'queued', queuedAt: 100 }),
    row('q-new', { status: 'queued', queuedAt: 300 }),
    row('q-urgent', { status: 'queued', queuedAt: 500, priority: 'urgent' }),
    row('mine', { status: 'assigned', assigneeId: 'lin', queuedAt: 50 }),
    row('mine-snoozed', { status: 'snoozed', assigneeId: 'lin', queuedAt: 60, snoozedUntil: 9_999 }),
    row('theirs', { status: 'assigned', assigneeId: 'max', queuedAt: 40 }),
    row('done-1', { status: 'resolved', assigneeId: 'lin', resolvedAt: 1_000 }),
    row('done-2', { status: 'resolved', assigneeId: 'max', resolvedAt: 2_000 }),
    row('bot', { status: 'bot' }),
  ]

  it('puts the queue in working order: urgent first, then the longest waiting', () => {
    expect(rowsOf('queue', rows, 'lin').map((entry) => entry.conversationId)).toEqual(['q-urgent', 'q-old', 'q-new'])
  })

  it('shows mine (snoozed too), all open ones, and resolved newest first; never bot-owned ones', () => {
    expect(rowsOf('mine', rows, 'lin').map((entry) => entry.conversationId)).toEqual(['mine', 'mine-snoozed'])
    expect(rowsOf('mine', rows, undefined)).toEqual([])
    expect(rowsOf('all', rows, 'lin').map((entry) => entry.conversationId)).toEqual(['q-urgent', 'theirs', 'mine', 'mine-snoozed', 'q-old', 'q-new'])
    expect(rowsOf('resolved', rows, 'lin').map((entry) => entry.conversationId)).toEqual(['done-2', 'done-1'])
    for (const tab of ['queue', 'mine', 'all', 'resolved'] as const) expect(inTab(tab, rows.at(-1)!, 'lin')).toBe(false)
  })

  it('counts tabs from the server counts', () => {
    expect(tabCounts({ queued: 8, assigned: 2, snoozed: 1, resolved: 5, mine: 1 })).toEqual({ queue: 8, mine: 1, all: 11, resolved: 5 })
    expect(tabCounts(undefined)).toBeUndefined()
  })

  it('asks the server only what a tab needs', () => {
    expect(queriesOf('queue', 'lin')).toEqual([{ status: 'queued', limit: 200 }])
    expect(queriesOf('mine', 'lin').map((query) => [query.status, query.assigneeId])).toEqual([
      ['assigned', 'lin'],
      ['snoozed', 'lin'],
    ])
    expect(queriesOf('mine', undefined)).toEqual([])
    expect(queriesOf('all', 'lin').map((query) => query.status)).toEqual(['queued', 'assigned', 'snoozed'])
  })

  it('merges list answers, one row per conversation, the later answer winning', () => {
    const merged = mergeRows([[row('a', { status: 'queued' })], [row('a', { status: 'assigned', assigneeId: 'lin' }), row('b', {})]])
    expect(merged.map((entry) => [entry.conversationId, entry.support.status])).toEqual([
      ['a', 'assigned'],
      ['b', 'queued'],
    ])
  })

  it('reports a new assignment once, nothing on the first look, and again when it is assigned anew', () => {
    const before = [row('mine', { status: 'assigned', assigneeId: 'lin', assignedAt: 1 })]
    const after = [...before, row('new', { status: 'assigned', assigneeId: 'lin', assignedAt: 2 }), row('other', { status: 'assigned', assigneeId: 'max', assignedAt: 2 })]
    const first = newAssignments(undefined, before, 'lin')
    expect(first.fresh).toEqual([])
    const second = newAssignments(first.seen, after, 'lin')
    expect(second.fresh.map((entry) => entry.conversationId)).toEqual(['new'])
    // A late answer from before the assignment, then the current one again: no second alert.
    const late = newAssignments(second.seen, before, 'lin')
    expect(late.fresh).toEqual([])
    expect(newAssignments(late.seen, after, 'lin').fresh).toEqual([])
    // Resolved and assigned to me again later: a new assignment.
    const again = [row('new', { status: 'assigned', assigneeId: 'lin', assignedAt: 9 })]
    expect(newAssignments(late.seen, again, 'lin').fresh.map((entry) => entry.conversationId)).toEqual(['new'])
    expect(newAssignments(new Set(), after, undefined).fresh).toEqual([])
  })
})
