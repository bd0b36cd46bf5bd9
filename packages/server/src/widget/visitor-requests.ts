import { ResourceId, UserId } from '@warbler/protocol'
import { z } from 'zod'
import { MAX_SITE_USER_ID } from './visitor-ids.js'

const Name = z.string().trim().min(1).max(128)
const Email = z.string().trim().max(254).email()
const Phone = z.string().trim().min(3).max(32).regex(/^[0-9+()\-. ]+$/, 'use digits, spaces and + ( ) - . only')

/**
 * `POST /api/v1/apps/{appId}/visitors`: nothing (a new anonymous visitor), `visitorId` + `visitorKey`
 * (the same anonymous visitor again), or `userId` + `userHash` (a site user the site vouches for).
 */
export const VisitorRequest = z
  .object({
    visitorId: z.string().min(1).max(128).optional(),
    visitorKey: z.string().min(1).max(128).optional(),
    userId: UserId.max(MAX_SITE_USER_ID).optional(),
    userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a hex HMAC-SHA256 (64 characters)').optional(),
    name: Name.optional(),
    email: Email.optional(),
    locale: z.string().max(35).optional(),
  })
  .refine((body) => (body.userId === undefined) === (body.userHash === undefined), { message: 'give userId and userHash together', path: ['userHash'] })
  .refine((body) => (body.visitorId === undefined) === (body.visitorKey === undefined), { message: 'give visitorId and visitorKey together', path: ['visitorKey'] })

/** What the widget gets back: a short-lived user token and the conversation with the support bot. */
export const VisitorResponse = z.object({
  userId: z.string(),
  token: z.string(),
  expiresAt: z.number().int(),
  /** Keep it with `userId` to come back as the same anonymous visitor (absent for identified ones). */
  visitorKey: z.string().optional(),
  identified: z.boolean(),
  conversationId: z.string(),
  bot: z.object({ id: z.string(), name: z.string() }),
})

/** `POST /api/v1/apps/{appId}/visitors/lead` (visitor token): the pre-chat form. */
export const LeadRequest = z.object({
  name: Name.optional(),
  email: Email.optional(),
  phone: Phone.optional(),
  /** The visitor ticked the consent text (required when the app set one). */
  consent: z.boolean().default(false),
})

/** `POST /api/v1/apps/{appId}/visitors/csat` (visitor token): the rating after a resolution. */
export const CsatFromVisitor = z.object({
  conversationId: ResourceId,
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
})
