import { WarblerError } from '@warbler/protocol'
import type { Control } from '../bus/control.js'
import type { FileStorage } from '../files/file-storage.js'
import type { PresenceService } from '../gateway/presence.js'
import type { ReadCaches } from '../read-cache/read-caches.js'
import type { StorageChange } from '../read-cache/storage-changes.js'
import type { ComplianceStore } from '../storage/compliance-store.js'
import type { Storage } from '../storage/storage.js'
import { pseudonymOf } from './pseudonym.js'

/** What an erasure removed, per store. A repeat of a finished erasure answers the first receipt. */
export interface ErasureReceipt {
  userId: string
  /** The stand-in that replaced the user id where a row must stay (tombstones, usage, notices). */
  pseudonym: string
  erasedAt: number
  counts: {
    /** Messages the user sent, now tombstones (seq kept, nothing readable). */
    messages: number
    /** Their other events (edits, recalls, reactions) made tombstones too. */
    otherEvents: number
    /** Copies others forwarded of the user's messages, made tombstones. */
    forwardedCopies: number
    /** Search index rows of those messages. */
    searchRows: number
    /** Reactions and member notices of others that named the user. */
    mentions: number
    /** Files the user uploaded (bytes, thumbnails and metadata). */
    files: number
    /** Bot usage rows, pseudonymised. */
    usage: number
    /** Webhook deliveries whose payload named the user (pending ones and the delivery log), dropped. */
    webhookPayloads: number
    /** Friendships, requests, blocks and hidden-message marks. */
    social: number
    /** Bots' redaction state (personal values behind the placeholders sent to models) of their conversations. */
    redactionStates: number
    /** Tool-call records of theirs: arguments cleared, the pseudonym named (status and approval stay for the audit). */
    toolCalls: number
    /** Support states and CSAT answers where they were the customer: summary and comment cleared, the pseudonym named. */
    supportRecords: number
    /** Agents' private notes in their support conversations. */
    supportNotes: number
    /** Push targets (device tokens, Web Push subscriptions) and queued pushes. */
    push: number
    /** Conversations the user was removed from. */
    memberships: number
    /** Personal rows of audit entries about the user (the chain itself stays whole). */
    auditPersonal: number
    /** Token generations revoked (every token the user held stops working). */
    tokensRevoked: number
    /** Live sessions closed, on every node. */
    sessionsClosed: number
    /** Profiles blanked. */
    profile: number
  }
  /** True when this answer repeats an erasure done before. */
  repeated: boolean
}

/** What the service needs from the node. */
export interface ErasureDependencies {
  storage: Storage
  store: ComplianceStore
  files: FileStorage
  control: Control
  caches: ReadCaches
  presence: PresenceService
  key: Buffer
  now: () => number
}

const BATCH = 500

/**
 * Erases an app user (GDPR art. 17, PIPL art. 47): everything they wrote becomes a tombstone with
 * its seq kept, their files and search rows go, their id is replaced where a row must stay, their
 * tokens and sessions end, and caches forget them on every node. Each step only finds what the
 * steps before left, so an erasure that stopped half way (a crash, a timeout) finishes on retry.
 *
 * @example
 * ```ts
 * const receipt = await erasure.erase('app_1', 'alice') // { counts: { messages: 12, files: 2, ... } }
 * ```
 */
export class ErasureService {
  constructor(private readonly deps: ErasureDependencies) {}

  /** Erases the user and returns the receipt; `user_not_found` when the app never had them. */
  async erase(appId: string, userId: string): Promise<ErasureReceipt> {
    const { storage, store, key, now } = this.deps
    const done = await store.getErasure(appId, userId)
    if (done) return { ...(done.receipt as unknown as ErasureReceipt), repeated: true }
    const user = await storage.users.get(appId, userId)
    if (!user) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    // A legal hold preserves evidence (GDPR art. 17(3)(e)): it has to be lifted before erasure.
    const holds = await store.listHolds(appId)
    const heldConversations = holds.filter((hold) => hold.kind === 'conversation').map((hold) => hold.targetId)
    const heldIn = [...(await store.conversationsOfMembers(appId, [userId]))].filter((id) => heldConversations.includes(id))
    if (holds.some((hold) => hold.kind === 'user' && hold.targetId === userId) || heldIn.length > 0) {
      throw new WarblerError('conflict', 'This user, or a conversation they are in, is under a legal hold: lift the hold before erasing.', {
        details: { reason: 'legal_hold', conversations: heldIn },
      })
    }
    const pseudonym = pseudonymOf(key, appId, userId)
    const erasedAt = now()
    const counts: ErasureReceipt['counts'] = {
      messages: 0, otherEvents: 0, forwardedCopies: 0, searchRows: 0, mentions: 0, files: 0, usage: 0,
      webhookPayloads: 0, social: 0, redactionStates: 0, toolCalls: 0, supportRecords: 0, supportNotes: 0, push: 0, memberships: 0, auditPersonal: 0, tokensRevoked: 0, sessionsClosed: 0, profile: 0,
    }

    // First shut the door: no token works, no session stays, the profile says nothing.
    const sessions = await this.deps.presence.sessions(appId, userId)
    await storage.users.update(appId, userId, { name: 'Erased user', avatarUrl: null, ext: {}, banned: true })
    counts.profile = 1
    if ((await storage.users.bumpTokenVersion(appId, userId)) !== undefined) counts.tokensRevoked = 1
    await this.deps.control.send({ type: 'kick-user', appId, userId, code: 'user_banned' })
    counts.sessionsClosed = sessions.length

    // Search rows first (they are found by the sender, which the tombstones replace).
    counts.searchRows += await store.deleteSearchRowsOf(appId, userId)
    for (;;) {
      const batch = await store.tombstoneSentBy(appId, userId, pseudonym, erasedAt, BATCH)
      counts.messages += batch.messages
      counts.otherEvents += batch.events - batch.messages
      if (batch.events < BATCH) break
    }
    counts.searchRows += await store.deleteSearchRowsOf(appId, userId)
    for (;;) {
      const copies = await store.tombstoneForwardedFrom(appId, userId, erasedAt, BATCH)
      counts.forwardedCopies += copies
      if (copies < BATCH) break
    }
    counts.mentions = await store.scrubMentions(appId, userId, pseudonym)

    for (;;) {
      const files = await store.filesUploadedBy(appId, userId, BATCH)
      for (const file of files) {
        await this.deps.files.delete(file.storageKey)
        if (file.thumbnailKey) await this.deps.files.delete(file.thumbnailKey)
        await storage.files.delete(appId, file.id)
      }
      counts.files += files.length
      if (files.length < BATCH) break
    }

    counts.usage = await store.pseudonymiseUsage(appId, userId, pseudonym)
    const support = await store.scrubSupportAndTools(appId, userId, pseudonym)
    counts.toolCalls = support.toolCalls
    counts.supportRecords = support.supportRecords
    counts.supportNotes = support.notes
    counts.push = (await storage.push.deleteTargetsOfUser(appId, userId)) + (await storage.push.deleteJobsOfUser(appId, userId))
    counts.webhookPayloads = await store.deleteDeliveriesNaming(appId, userId)
    const social = await store.deleteSocialOf(appId, userId)
    counts.social = social.rows
    for (const other of social.others) await this.#changed({ type: 'social', appId, userIds: [userId, other] })

    // Memberships through the conversation store, so every node's member lists forget the user.
    const conversations = await storage.conversations.cursorsForUser(appId, userId)
    counts.redactionStates = await store.deleteRedactionStates(appId, conversations.map((conversation) => conversation.conversationId))
    for (const { conversationId } of conversations) {
      const removed = await storage.conversations.removeMembers(appId, conversationId, [userId])
      counts.memberships += removed.length
    }
    counts.auditPersonal = await store.erasePersonal(appId, userId)

    const receipt: ErasureReceipt = { userId, pseudonym, erasedAt, counts, repeated: false }
    await store.putErasure({ appId, userId, pseudonym, receipt: receipt as unknown as Record<string, unknown>, erasedAt })
    return receipt
  }

  /** Whether the user was erased (exports of them are empty). */
  async erasedAt(appId: string, userId: string): Promise<number | undefined> {
    return (await this.deps.store.getErasure(appId, userId))?.erasedAt
  }

  async #changed(change: StorageChange): Promise<void> {
    this.deps.caches.apply(change)
    await this.deps.control.send({ type: 'storage-changed', change })
  }
}
