import { WarblerError, type WidgetSettings } from '@warbler/protocol'
import type { z } from 'zod'
import { safeEqual } from '../auth/secrets.js'
import type { ServerContext } from '../server-context.js'
import type { UserRecord } from '../storage/storage.js'
import type { IdentitySecrets } from './identity-secrets.js'
import { identifiedVisitorId, isVisitorId, newAnonymousVisitorId, visitorKeyOf, VISITOR_PREFIX } from './visitor-ids.js'
import type { LeadRequest, VisitorRequest, VisitorResponse } from './visitor-requests.js'

/** Visitor tokens live this long; the widget asks for a new one before (and on `token_expired`). */
export const VISITOR_TOKEN_TTL_SECONDS = 15 * 60

type Services = Pick<ServerContext, 'apps' | 'users' | 'storage' | 'conversations' | 'webhooks'>

/** What `ext.visitor` of a visitor's user holds (the console shows it; the profile of a lead). */
export interface VisitorProfile {
  identified: boolean
  siteUserId?: string
  email?: string
  phone?: string
  origin?: string
  locale?: string
  consentedAt?: number
  firstSeenAt: number
}

function profileOf(user: UserRecord): VisitorProfile {
  const value = (user.ext as { visitor?: VisitorProfile }).visitor
  return value ?? { identified: false, firstSeenAt: user.createdAt }
}

/**
 * Widget visitors: users of kind `person` whose id starts with `visitor:` and whose `ext.visitor`
 * describes them. Creates or recognises a visitor (anonymous with its visitor key, or identity-verified
 * with the site's `userHash`), opens its conversation with the support bot, and mints a short token.
 */
export class VisitorService {
  constructor(
    private readonly services: Services,
    private readonly identitySecrets: IdentitySecrets,
  ) {}

  /** Starts or resumes a visitor session; `widget` is the app's settings for an allowed origin. */
  async start(appId: string, widget: WidgetSettings, origin: string, input: z.infer<typeof VisitorRequest>): Promise<z.infer<typeof VisitorResponse>> {
    const bot = widget.botId ? await this.services.storage.users.get(appId, widget.botId) : undefined
    if (!bot || bot.kind !== 'bot') throw new WarblerError('unavailable', 'The chat widget of this site has no support bot set up yet.')
    const app = await this.services.apps.require(appId)
    let user: UserRecord
    let visitorKey: string | undefined
    if (input.userId !== undefined && input.userHash !== undefined) {
      if (!(await this.identitySecrets.verify(appId, input.userId, input.userHash))) {
        throw new WarblerError('invalid_credentials', 'The userHash does not match this userId: compute it on your server with the identity secret.')
      }
      user = await this.identified(appId, input.userId, origin, input)
    } else {
      if (widget.requireIdentity) throw new WarblerError('unauthenticated', 'This site lets only signed-in users chat: pass userId and userHash.')
      const known = input.visitorId && input.visitorKey ? await this.anonymous(appId, app.signingKey, input.visitorId, input.visitorKey) : undefined
      user = known ?? (await this.createAnonymous(appId, origin, input.locale))
      visitorKey = visitorKeyOf(app.signingKey, user.id)
    }
    const conversation = await this.services.conversations.openDirect(appId, user.id, bot.id)
    const { token, expiresAt } = await this.services.users.mintToken(appId, user.id, VISITOR_TOKEN_TTL_SECONDS)
    return {
      userId: user.id,
      token,
      expiresAt,
      ...(visitorKey ? { visitorKey } : {}),
      identified: profileOf(user).identified,
      conversationId: conversation.id,
      bot: { id: bot.id, name: bot.name },
    }
  }

  private async anonymous(appId: string, signingKey: string, visitorId: string, visitorKey: string): Promise<UserRecord | undefined> {
    const anonymousId = isVisitorId(visitorId) && !visitorId.slice(VISITOR_PREFIX.length).includes(':')
    if (!anonymousId || !safeEqual(visitorKeyOf(signingKey, visitorId), visitorKey)) {
      throw new WarblerError('invalid_credentials', 'The visitor key does not belong to this visitor.')
    }
    // A visitor erased since (or never stored) starts over as a new one.
    return this.services.storage.users.get(appId, visitorId)
  }

  private async createAnonymous(appId: string, origin: string, locale: string | undefined): Promise<UserRecord> {
    const id = newAnonymousVisitorId()
    const profile: VisitorProfile = { identified: false, origin, ...(locale ? { locale } : {}), firstSeenAt: Date.now() }
    // `ext.locale` is what customer service writes its notices in.
    return this.services.users.create(appId, { id, name: `Visitor ${id.slice(VISITOR_PREFIX.length, VISITOR_PREFIX.length + 4)}`, ext: { visitor: profile, ...(locale ? { locale } : {}) } })
  }

  private async identified(appId: string, siteUserId: string, origin: string, input: z.infer<typeof VisitorRequest>): Promise<UserRecord> {
    const id = identifiedVisitorId(siteUserId)
    const existing = await this.services.storage.users.get(appId, id)
    if (!existing) {
      const profile: VisitorProfile = { identified: true, siteUserId, origin, ...(input.email ? { email: input.email } : {}), ...(input.locale ? { locale: input.locale } : {}), firstSeenAt: Date.now() }
      try {
        return await this.services.users.create(appId, { id, name: input.name ?? siteUserId, ext: { visitor: profile, ...(input.locale ? { locale: input.locale } : {}) } })
      } catch (error) {
        // Two tabs of the same user at once: the other one created it.
        if (!WarblerError.isInstance(error) || error.code !== 'already_exists') throw error
        return this.services.users.require(appId, id)
      }
    }
    const profile = profileOf(existing)
    const nameChanged = input.name !== undefined && input.name !== existing.name
    const emailChanged = input.email !== undefined && input.email !== profile.email
    if (!nameChanged && !emailChanged) return existing
    return this.services.users.update(appId, id, {
      ...(nameChanged ? { name: input.name } : {}),
      ext: { ...existing.ext, visitor: { ...profile, ...(input.email ? { email: input.email } : {}) } },
    })
  }

  /**
   * The pre-chat form: fills the visitor's profile and fires `support.lead` with the contact details
   * and the conversation so far (the last 50 messages), so sales gets the lead with its context.
   */
  async lead(appId: string, widget: WidgetSettings, visitorId: string, input: z.infer<typeof LeadRequest>): Promise<{ userId: string; name: string; email?: string; phone?: string }> {
    if (!isVisitorId(visitorId)) throw new WarblerError('forbidden', 'Only widget visitors send the pre-chat form.')
    const hasConsentText = Boolean(widget.preChat.consent.en || widget.preChat.consent['zh-CN'])
    if (hasConsentText && !input.consent) throw new WarblerError('validation_failed', 'consent: tick the consent box to go on.')
    const user = await this.services.users.require(appId, visitorId)
    const profile: VisitorProfile = {
      ...profileOf(user),
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.consent ? { consentedAt: Date.now() } : {}),
    }
    const updated = await this.services.users.update(appId, visitorId, { ...(input.name ? { name: input.name } : {}), ext: { ...user.ext, visitor: profile } })
    const transcript = await this.transcript(appId, visitorId, widget.botId)
    await this.services.webhooks.emit(appId, 'support.lead', {
      userId: visitorId,
      name: updated.name,
      ...(profile.email ? { email: profile.email } : {}),
      ...(profile.phone ? { phone: profile.phone } : {}),
      ...(profile.siteUserId ? { siteUserId: profile.siteUserId } : {}),
      ...(profile.origin ? { origin: profile.origin } : {}),
      consent: input.consent,
      ...transcript,
    })
    return { userId: visitorId, name: updated.name, ...(profile.email ? { email: profile.email } : {}), ...(profile.phone ? { phone: profile.phone } : {}) }
  }

  private async transcript(appId: string, visitorId: string, botId: string | undefined): Promise<{ conversationId?: string; transcript: { seq: number; ts: number; senderId: string; text: string }[] }> {
    const conversation = botId ? await this.services.storage.conversations.findDirect(appId, visitorId, botId) : undefined
    if (!conversation) return { transcript: [] }
    const { events } = await this.services.storage.events.range(appId, conversation.id, { beforeSeq: Number.MAX_SAFE_INTEGER, limit: 50 })
    const transcript = events
      .filter((event) => event.kind === 'message' && event.body?.type === 'text' && !event.recalledAt)
      .map((event) => ({ seq: event.seq, ts: event.ts, senderId: event.senderId, text: event.body?.type === 'text' ? event.body.text : '' }))
    return { conversationId: conversation.id, transcript }
  }
}
