import { createHmac, randomBytes } from 'node:crypto'

/** Every visitor's user id starts with this; the gateway restricts users whose id does. */
export const VISITOR_PREFIX = 'visitor:'

/** The longest site user id an identity-verified visitor may have (the prefix must still fit in 128). */
export const MAX_SITE_USER_ID = 110

/** Whether a user id is a widget visitor's. */
export function isVisitorId(userId: string): boolean {
  return userId.startsWith(VISITOR_PREFIX)
}

/** A new anonymous visitor id: `visitor:<22 random characters>` (no colon after the prefix). */
export function newAnonymousVisitorId(): string {
  return `${VISITOR_PREFIX}${randomBytes(16).toString('base64url')}`
}

/** The visitor id of a site user the site vouched for (`visitor:u:<userId>`). */
export function identifiedVisitorId(siteUserId: string): string {
  return `${VISITOR_PREFIX}u:${siteUserId}`
}

/**
 * The key an anonymous visitor's browser keeps to come back as the same visitor: an HMAC of the
 * visitor id under the app's token signing key, so the server stores nothing per visitor and nobody
 * can claim a visitor id they only guessed or saw.
 */
export function visitorKeyOf(signingKey: string, visitorId: string): string {
  return createHmac('sha256', Buffer.from(signingKey, 'base64url')).update(`widget-visitor:${visitorId}`, 'utf8').digest('base64url')
}
