import type { Agent } from './support-types.js'

const KEY_PREFIX = 'warbler.console.support.agent.'

/** The agent user a console account last worked as in an app (kept in this browser). */
export function savedAgentId(appId: string): string | undefined {
  return globalThis.localStorage?.getItem(`${KEY_PREFIX}${appId}`) ?? undefined
}

/** Remembers the agent user the console account works as in an app. */
export function saveAgentId(appId: string, userId: string | undefined): void {
  if (userId === undefined) localStorage.removeItem(`${KEY_PREFIX}${appId}`)
  else localStorage.setItem(`${KEY_PREFIX}${appId}`, userId)
}

/**
 * Which app agent a console account works as: the one picked before in this browser if it is still
 * an agent, else the agent whose user id is the account's email name (`lin@example.com` → `lin`),
 * else undefined (the inbox asks). Matching ignores case.
 */
export function pickAgentId(agents: readonly Agent[], account: { email: string }, saved: string | undefined): string | undefined {
  if (saved !== undefined && agents.some((agent) => agent.userId === saved)) return saved
  const local = account.email.split('@')[0]?.toLowerCase()
  return agents.find((agent) => agent.userId.toLowerCase() === local)?.userId
}
