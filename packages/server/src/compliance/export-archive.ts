import type { Readable } from 'node:stream'
import JSZip from 'jszip'
import type { FileStorage } from '../files/file-storage.js'
import type { MessageService } from '../domain/message-service.js'
import { toUserView } from '../domain/user-service.js'
import type { ComplianceStore } from '../storage/compliance-store.js'
import type { Storage } from '../storage/storage.js'

/** What the archive is built from. */
export interface ArchiveSources {
  storage: Storage
  store: ComplianceStore
  messages: MessageService
  files: FileStorage
}

const PAGE = 200

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}

/**
 * Everything about one app user as a zip: `profile.json`, `conversations.json` (each with the
 * user's membership), `messages/<conversationId>.json` (what they sent and received, as they saw
 * it: from their join point, without what they deleted for themselves), `files/` (what they
 * uploaded, with `files.json`), `contacts.json` (friends and blocks), `bot-usage.json`,
 * `tool-calls.json` (calls bots made for them, with arguments), `support.json` (their support
 * conversations' states and CSAT answers) and `push-targets.json` (devices, no tokens). An erased
 * user's archive holds only `erased.json`.
 */
export async function buildUserArchive(sources: ArchiveSources, appId: string, userId: string, now: number): Promise<Buffer> {
  const zip = new JSZip()
  const json = (name: string, value: unknown) => zip.file(name, `${JSON.stringify(value, null, 2)}\n`)
  const manifest = { appId, userId, exportedAt: new Date(now).toISOString(), format: 'warbler-user-export/v1' }
  const erasure = await sources.store.getErasure(appId, userId)
  if (erasure) {
    json('erased.json', { ...manifest, erasedAt: new Date(erasure.erasedAt).toISOString(), note: 'This user was erased; nothing about them is kept.' })
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
  }
  const user = await sources.storage.users.get(appId, userId)
  if (!user) throw new Error(`User ${userId} does not exist.`)
  json('manifest.json', manifest)
  json('profile.json', toUserView(user))

  const conversations = []
  for (const cursor of await sources.storage.conversations.cursorsForUser(appId, userId)) {
    const [conversation, member] = await Promise.all([
      sources.storage.conversations.get(appId, cursor.conversationId),
      sources.storage.conversations.getMember(appId, cursor.conversationId, userId),
    ])
    if (!conversation || !member) continue
    conversations.push({ id: conversation.id, kind: conversation.kind, name: conversation.name, createdAt: conversation.createdAt, membership: member })
    const events = []
    for (let afterSeq = 0; ; ) {
      const page = await sources.messages.history(appId, userId, conversation.id, { afterSeq, limit: PAGE })
      events.push(...page.events.filter((event) => !event.hidden))
      if (!page.hasMore || page.events.length === 0) break
      afterSeq = page.events.at(-1)!.seq
    }
    json(`messages/${conversation.id}.json`, events)
  }
  json('conversations.json', conversations)

  const files = []
  for (const { id } of await sources.store.filesUploadedBy(appId, userId, 10_000)) {
    const record = await sources.storage.files.get(appId, id)
    const stream = record ? await sources.files.get(record.storageKey) : undefined
    if (!record || !stream) continue
    const path = `files/${record.id}-${record.name.replace(/[/\\]/g, '_')}`
    zip.file(path, await bytesOf(stream))
    files.push({ id: record.id, conversationId: record.conversationId, name: record.name, mime: record.mime, size: record.size, sha256: record.sha256, createdAt: record.createdAt, path })
  }
  json('files.json', files)

  const [friends, blocked, requests] = await Promise.all([
    sources.storage.social.listFriends(appId, userId),
    sources.storage.social.listBlocked(appId, userId),
    sources.storage.social.listFriendRequests(appId, userId),
  ])
  json('contacts.json', { friends, blocked, friendRequests: requests })
  if (sources.storage.bots) json('bot-usage.json', await sources.store.usageOf(appId, userId))
  const { toolCalls, supportStates, csat } = await sources.store.supportAndToolsOf(appId, userId)
  json('tool-calls.json', toolCalls)
  json('support.json', { conversations: supportStates, csat })
  // Which devices get pushes; the device tokens themselves are credentials of the push services, not shown.
  json('push-targets.json', (await sources.storage.push.listTargets(appId, userId)).map((target) => ({ deviceId: target.deviceId, provider: target.provider, createdAt: target.createdAt, updatedAt: target.updatedAt })))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}
