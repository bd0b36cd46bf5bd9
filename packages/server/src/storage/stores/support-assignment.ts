import type { AgentRecord } from '../support-store.js'

/** What the assignment policy knows of an agent while it assigns a batch. */
export interface AgentLoad {
  userId: string
  capacity: number
  teams: readonly string[]
  openCount: number
  lastAssignedAt: number | null
}

/** The load of an agent as stored. */
export const loadOf = (agent: AgentRecord): AgentLoad => ({
  userId: agent.userId, capacity: agent.capacity, teams: agent.teams, openCount: agent.openCount, lastAssignedAt: agent.lastAssignedAt,
})

/**
 * Who is next for a conversation (the policy, apart from the claim): agents of its team (any agent
 * when it has none) below capacity, fewest open assignments first, then the least recently assigned
 * (never assigned counts as longest ago), then by id so the order is total. Best first.
 */
export function rankAgents(agents: readonly AgentLoad[], team: string | null): AgentLoad[] {
  return agents
    .filter((agent) => agent.openCount < agent.capacity && (team === null || agent.teams.includes(team)))
    .sort(
      (a, b) =>
        a.openCount - b.openCount ||
        (a.lastAssignedAt ?? -1) - (b.lastAssignedAt ?? -1) ||
        (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    )
}
