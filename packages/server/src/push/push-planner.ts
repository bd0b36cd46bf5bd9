import { PushSettings as PushSettingsSchema, type PushSettings } from '@warbler/protocol'
import type { AppService } from '../domain/app-service.js'
import { newId } from '../domain/ids.js'
import type { PresenceService } from '../gateway/presence.js'
import type { Logger } from '../observability/logger.js'
import type { ReadCaches } from '../read-cache/read-caches.js'
import type { NewPushJob, PushTargetRecord } from '../storage/push-store.js'
import type { EventRecord, Storage } from '../storage/storage.js'
import { inQuietHours } from './quiet-hours.js'
import { renderNotification, userLocale } from './notification.js'
import { DEFAULT_PREFERENCES } from './push-service.js'

/** Recipients looked up per query (a 10,000-member group is read in slices). */
const SLICE = 500
/** Streaming bot replies remembered until their final edit (then they push once). */
const MAX_STREAMING = 10_000
/** How long a node trusts "this app has no push devices" before asking again (another node may register one). */
const NO_TARGETS_TTL_MS = 2000

/** Why a recipient got no push; counted in metrics. */
export type SkipReason = 'online' | 'muted' | 'quiet_hours' | 'disabled'

/**
 * Decides who gets a push for a stored message and queues one job per device. Runs on the node
 * that stored the message (domain events are in-process), so each message is planned once in the
 * cluster; the outbox's unique key (device, conversation, seq) makes a replan harmless.
 *
 * A recipient is pushed when they have a device, no connected session on any node, pushes on, are
 * not in quiet hours, and the conversation is not muted for them (an @mention of them or of `all`
 * still pushes from a muted conversation, unless they turned that off). A bot's streamed reply
 * pushes once, when its final edit lands, with the final text.
 */
export class PushPlanner {
  private readonly streaming = new Map<string, number>()
  /** Apps known to have no push device at all, until the given time: their messages cost no query. */
  private readonly appsWithoutTargets = new Map<string, number>()
  /** The lookup in flight per app: messages arriving meanwhile share it instead of each queueing a query. */
  private readonly targetChecks = new Map<string, Promise<boolean>>()

  constructor(
    private readonly deps: { storage: Storage; caches: ReadCaches; apps: AppService; presence: PresenceService; logger: Logger },
    private readonly onQueued: (delayMs: number) => void,
    private readonly onSkipped: (reason: SkipReason) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A `message` event was stored. */
  async messageCreated(appId: string, event: EventRecord): Promise<void> {
    if (event.hidden || event.senderId === '') return
    if (event.status === 'streaming') {
      this.rememberStreaming(appId, event)
      return
    }
    await this.plan(appId, event, event.seq)
  }

  /** An `edit` was stored: the final edit of a streamed reply pushes the reply once. */
  async messageEdited(appId: string, event: EventRecord): Promise<void> {
    if (event.status !== 'final' || event.targetSeq === undefined) return
    const key = `${appId}\u0000${event.conversationId}\u0000${event.targetSeq}`
    if (!this.streaming.delete(key)) return
    await this.plan(appId, event, event.targetSeq)
  }

  private rememberStreaming(appId: string, event: EventRecord): void {
    if (this.streaming.size >= MAX_STREAMING) this.streaming.delete(this.streaming.keys().next().value!)
    this.streaming.set(`${appId}\u0000${event.conversationId}\u0000${event.seq}`, event.ts)
  }

  /** A device was registered in the app on this node: stop trusting "no devices". */
  targetsChanged(appId: string): void {
    this.appsWithoutTargets.delete(appId)
    this.targetChecks.delete(appId)
  }

  private async appHasTargets(appId: string): Promise<boolean> {
    const until = this.appsWithoutTargets.get(appId)
    if (until !== undefined && until > this.now()) return false
    let check = this.targetChecks.get(appId)
    if (!check) {
      check = this.deps.storage.push.appHasTargets(appId)
      this.targetChecks.set(appId, check)
      const started = check
      // Only the check still current (no device registered since it started) may be remembered.
      void started.then(
        (has) => {
          if (this.targetChecks.get(appId) !== started) return
          this.targetChecks.delete(appId)
          if (has) this.appsWithoutTargets.delete(appId)
          else this.appsWithoutTargets.set(appId, this.now() + NO_TARGETS_TTL_MS)
        },
        () => {
          if (this.targetChecks.get(appId) === started) this.targetChecks.delete(appId)
        },
      )
    }
    return check
  }

  private async plan(appId: string, event: EventRecord, seq: number): Promise<void> {
    const { storage } = this.deps
    // Most apps' messages reach no push device: one cached answer per app instead of a query per message.
    if (!(await this.appHasTargets(appId))) return
    const recipients = (await this.deps.caches.memberIds(appId, event.conversationId)).filter((id) => id !== event.senderId)
    const targets: PushTargetRecord[] = []
    for (let index = 0; index < recipients.length; index += SLICE) targets.push(...(await storage.push.targetsOfUsers(appId, recipients.slice(index, index + SLICE))))
    if (targets.length === 0) return

    const userIds = [...new Set(targets.map((target) => target.userId))]
    const [presence, preferences] = await Promise.all([this.deps.presence.query(appId, userIds), storage.push.preferencesOf(appId, userIds)])
    const online = new Set(presence.filter((entry) => entry.online).map((entry) => entry.userId))
    const preferencesOf = new Map(preferences.map((entry) => [entry.userId, entry]))
    const mentions = event.body?.type === 'text' ? (event.body.mentions ?? []) : []
    const now = this.now()

    const pushed: string[] = []
    const mentionedUsers = new Set<string>()
    for (const userId of userIds) {
      const preference = preferencesOf.get(userId) ?? DEFAULT_PREFERENCES
      if (online.has(userId)) this.onSkipped('online')
      else if (!preference.enabled) this.onSkipped('disabled')
      else if (inQuietHours(preference.doNotDisturb, now)) this.onSkipped('quiet_hours')
      else {
        const mentioned = mentions.includes(userId) || mentions.includes('all')
        const member = await storage.conversations.getMember(appId, event.conversationId, userId)
        if (!member) continue
        if (member.notificationsMuted && !(mentioned && preference.mentionsOverrideMute)) {
          this.onSkipped('muted')
          continue
        }
        if (mentioned) mentionedUsers.add(userId)
        pushed.push(userId)
      }
    }
    if (pushed.length === 0) return

    const settings: PushSettings = PushSettingsSchema.parse((await this.deps.apps.settings(appId)).push ?? {})
    const [sender, conversation] = await Promise.all([storage.users.get(appId, event.senderId), storage.conversations.get(appId, event.conversationId)])
    const senderName = sender?.name ?? event.senderId
    const jobs: NewPushJob[] = []
    for (const userId of pushed) {
      const user = await storage.users.get(appId, userId)
      const locale = userLocale(user?.ext as Record<string, unknown> | undefined)
      const notification = renderNotification({
        settings,
        locale,
        senderName,
        conversationName: conversation?.kind === 'group' && conversation.name ? conversation.name : senderName,
        conversationId: event.conversationId,
        seq,
        senderId: event.senderId,
        body: event.body,
        mentioned: mentionedUsers.has(userId),
        badge: await this.unread(appId, userId),
      })
      const payload = JSON.stringify(notification)
      for (const target of targets) {
        if (target.userId !== userId) continue
        jobs.push({ appId, id: newId('psh'), userId, deviceId: target.deviceId, provider: target.provider, conversationId: event.conversationId, seq, payload, nextAttemptAt: now + settings.collapseWindowMs, messageAt: event.ts, createdAt: now })
      }
    }
    await storage.push.enqueue(jobs)
    this.onQueued(settings.collapseWindowMs)
  }

  /** The badge: the user's unread messages over their 50 most recent conversations. */
  private async unread(appId: string, userId: string): Promise<number> {
    const conversations = await this.deps.storage.conversations.listForUser(appId, userId, { limit: 50 })
    let total = 0
    for (const { conversation, member } of conversations) {
      if (conversation.lastMessageSeq > member.readSeq) total += await this.deps.storage.conversations.unreadCount(appId, conversation.id, userId, member.readSeq)
    }
    return total
  }
}
