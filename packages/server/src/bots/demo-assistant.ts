import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerContext } from '../server-context.js'
import { welcomeClientMsgId } from './welcome-message.js'

/** The id of the demo app's assistant bot. */
export const DEMO_ASSISTANT_ID = 'assistant'

const WELCOME =
  "Hi, I'm Warbler's assistant. Ask me about Warbler — I answer from its documentation, offline, with sources. 你好，我是 Warbler 助手，可以根据 Warbler 文档回答问题并注明出处。"

/** The repository root (it holds README.md and docs/), from `src/bots` or `dist/bots` of the server package. */
export function repositoryRoot(): string | undefined {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
  return existsSync(join(root, 'README.md')) ? root : undefined
}

/** Warbler's own documentation files: README.md, README.zh-CN.md and docs/*.md. */
export function documentationFiles(root: string): string[] {
  const files = ['README.md', 'README.zh-CN.md'].map((name) => join(root, name)).filter((path) => existsSync(path))
  const docs = join(root, 'docs')
  if (existsSync(docs)) for (const name of readdirSync(docs).sort()) if (name.endsWith('.md')) files.push(join(docs, name))
  return files.slice(0, 100)
}

/**
 * Gives the demo app an `assistant` bot without a provider: its knowledge base is Warbler's own
 * documentation (read from the repository at seed time), it greets alice in a direct conversation
 * and sits in the "Demo" group, so `npm start` shows a working assistant offline. Idempotent.
 */
export async function ensureDemoAssistant(context: ServerContext, appId: string, groupId: string): Promise<void> {
  if (await context.storage.bots?.get(appId, DEMO_ASSISTANT_ID)) return
  const kb = await context.knowledge.createKnowledgeBase(appId, { name: 'Warbler documentation' })
  const root = repositoryRoot()
  for (const file of root ? documentationFiles(root) : []) {
    const title = file.slice(root!.length + 1)
    await context.knowledge.addDocument(appId, kb.id, { kind: 'text', title, text: readFileSync(file, 'utf8'), format: 'markdown' })
  }
  if (!root) context.logger.warn('demo assistant: the repository docs were not found; its knowledge base is empty')
  await context.bots.create(appId, { id: DEMO_ASSISTANT_ID, name: 'Assistant', knowledgeBaseIds: [kb.id], welcomeMessage: WELCOME })
  const direct = await context.conversations.openDirect(appId, 'alice', DEMO_ASSISTANT_ID)
  // The runtime greets new direct conversations too; the shared clientMsgId makes this one greeting.
  await context.messages.send(appId, DEMO_ASSISTANT_ID, { conversationId: direct.id, body: { type: 'text', text: WELCOME }, clientMsgId: welcomeClientMsgId(direct.id) })
  await context.groups.invite(appId, groupId, 'alice', [DEMO_ASSISTANT_ID])
}
