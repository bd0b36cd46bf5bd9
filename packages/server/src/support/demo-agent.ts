import type { ServerContext } from '../server-context.js'

/** The demo app's agent: a person who takes the conversations the assistant hands off. */
export const DEMO_AGENT = { id: 'lin', name: 'Lin' } as const

/**
 * Gives the demo app one agent (`lin`, capacity 3, online), so `npm start` shows a working hand-off:
 * write "转人工" or "human" to the assistant as alice, and pick `lin` in another window to answer.
 * Idempotent (an older seed gets the agent on its next start).
 */
export async function ensureDemoAgent(context: ServerContext, appId: string): Promise<string> {
  if (!(await context.storage.users.get(appId, DEMO_AGENT.id))) await context.users.create(appId, { id: DEMO_AGENT.id, name: DEMO_AGENT.name })
  if (!(await context.storage.support.getAgent(appId, DEMO_AGENT.id))) {
    await context.support.service.putAgent(appId, DEMO_AGENT.id, { capacity: 3, availability: 'online' })
  }
  return DEMO_AGENT.id
}
