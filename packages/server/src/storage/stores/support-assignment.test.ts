import { describe, expect, it } from 'vitest'
import { rankAgents, type AgentLoad } from './support-assignment.js'

const agent = (userId: string, extra: Partial<AgentLoad> = {}): AgentLoad => ({ userId, capacity: 2, teams: [], openCount: 0, lastAssignedAt: null, ...extra })

describe('rankAgents', () => {
  it('prefers fewer open assignments, then the least recently assigned, and skips full agents', () => {
    const ranked = rankAgents(
      [agent('a', { openCount: 1 }), agent('b', { lastAssignedAt: 20 }), agent('c', { lastAssignedAt: 10 }), agent('d', { openCount: 2 })],
      null,
    )
    expect(ranked.map((entry) => entry.userId)).toEqual(['c', 'b', 'a'])
  })

  it('keeps to the team of the conversation', () => {
    const ranked = rankAgents([agent('a', { teams: ['sales'] }), agent('b', { teams: ['billing'], openCount: 1 })], 'billing')
    expect(ranked.map((entry) => entry.userId)).toEqual(['b'])
    expect(rankAgents([agent('a', { teams: ['sales'] })], 'billing')).toEqual([])
  })
})
