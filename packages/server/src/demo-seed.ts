import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_ASSISTANT_ID, ensureDemoAssistant } from './bots/demo-assistant.js'
import { ensureDemoWidget } from './widget/demo-widget.js'
import { ensureDemoAgent } from './support/demo-agent.js'
import type { ServerContext } from './server-context.js'

/** What the demo seed created, kept in `<dataDir>/demo.json` (mode 0600) so every start can print it. */
export interface DemoCredentials {
  appId: string
  appSecret: string
  users: string[]
  groupId: string
}

const DEMO_USERS = [
  { id: 'alice', name: 'Alice' },
  { id: 'bob', name: 'Bob' },
  { id: 'carol', name: 'Carol' },
]

/**
 * Seeds the demo app on first start (users alice, bob, carol, the group "Demo" and the offline `assistant` bot), or reads the
 * seed made by an earlier start. Returns undefined when the data dir has no seed and apps exist
 * already (a real deployment, never seeded).
 */
export async function ensureDemoSeed(context: ServerContext): Promise<DemoCredentials | undefined> {
  const file = join(context.config.dataDir, 'demo.json')
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials
    if (await context.storage.apps.get(saved.appId)) {
      await ensureDemoAssistant(context, saved.appId, saved.groupId)
      await ensureDemoWidget(context, saved.appId, DEMO_ASSISTANT_ID)
      const agent = await ensureDemoAgent(context, saved.appId)
      return saved.users.includes(agent) ? saved : { ...saved, users: [...saved.users, agent] }
    }
  }
  if ((await context.storage.settings.get('demo.seeded')) !== undefined) return undefined
  const app = await context.apps.create('Demo')
  for (const user of DEMO_USERS) await context.users.create(app.id, user)
  const group = await context.conversations.createGroup(app.id, { name: 'Demo', ownerId: 'alice', memberIds: ['bob', 'carol'] })
  await context.messages.send(app.id, 'alice', { conversationId: group.id, body: { type: 'text', text: 'Welcome to Warbler! 欢迎使用 Warbler！' } })
  await ensureDemoAssistant(context, app.id, group.id)
  await ensureDemoWidget(context, app.id, DEMO_ASSISTANT_ID)
  const agent = await ensureDemoAgent(context, app.id)
  const credentials: DemoCredentials = { appId: app.id, appSecret: app.secret, users: [...DEMO_USERS.map((user) => user.id), agent], groupId: group.id }
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  await context.storage.settings.set('demo.seeded', app.id)
  return credentials
}
