import { describe, expect, it } from 'vitest'
import { pickAgentId } from './agent-identity.js'
import type { Agent } from './support-types.js'

const agent = (userId: string): Agent => ({ userId, capacity: 3, teams: [], availability: 'online', online: true, openCount: 0 })

describe('which agent a console account works as', () => {
  const agents = [agent('lin'), agent('Max')]
  it('keeps the agent picked before while it is still an agent', () => {
    expect(pickAgentId(agents, { email: 'lin@example.com' }, 'Max')).toBe('Max')
    expect(pickAgentId(agents, { email: 'lin@example.com' }, 'gone')).toBe('lin')
  })
  it('else takes the agent named like the email, ignoring case, else none', () => {
    expect(pickAgentId(agents, { email: 'max@example.com' }, undefined)).toBe('Max')
    expect(pickAgentId(agents, { email: 'olivia@example.com' }, undefined)).toBeUndefined()
  })
})
