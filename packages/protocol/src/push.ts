import { z } from 'zod'
import { ResourceId } from './ids.js'

/** The push services a device can be reached through. */
export const PushProvider = z.enum(['webpush', 'fcm', 'apns', 'hms'])
/** The push services a device can be reached through. */
export type PushProvider = z.infer<typeof PushProvider>

/** A browser's Push API subscription (`PushSubscription.toJSON()`), RFC 8030 / 8291. */
export const WebPushSubscription = z.object({
  endpoint: z.string().url().max(2048).refine((value) => value.startsWith('https://') || value.startsWith('http://'), 'must be an http(s) URL'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key, base64url (65 bytes uncompressed). */
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'must be a base64url P-256 public key'),
    /** The 16-byte authentication secret, base64url. */
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}={0,2}$/, 'must be a base64url 16-byte secret'),
  }),
})
/** A browser's Push API subscription. */
export type WebPushSubscription = z.infer<typeof WebPushSubscription>

/** A device id chosen by the client (stable per installation or browser profile). */
export const PushDeviceId = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')

/**
 * A push target as registered: Web Push with its `subscription`; FCM, APNs and HMS with the
 * device `token` the platform gave the app.
 */
export const PushTargetInput = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('webpush'), subscription: WebPushSubscription }),
  z.object({ provider: z.literal('fcm'), token: z.string().min(1).max(4096) }),
  z.object({ provider: z.literal('apns'), token: z.string().regex(/^[0-9a-fA-F]{32,200}$/, 'must be the hex device token') }),
  z.object({ provider: z.literal('hms'), token: z.string().min(1).max(4096) }),
])
/** A push target as registered. */
export type PushTargetInput = z.infer<typeof PushTargetInput>

/** A registered push target as the API shows it (tokens are shown only by their last characters). */
export const PushTarget = z.object({
  userId: z.string(),
  deviceId: z.string(),
  provider: PushProvider,
  /** The end of the token or subscription endpoint, to tell devices apart. */
  hint: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
/** A registered push target as the API shows it. */
export type PushTarget = z.infer<typeof PushTarget>

/** Register (or replace) this user's push target for a device. */
export const PushRegisterFrame = z.object({ type: z.literal('push.register'), id: z.string().min(1).max(64), deviceId: PushDeviceId, target: PushTargetInput })
/** Remove this user's push target for a device. */
export const PushUnregisterFrame = z.object({ type: z.literal('push.unregister'), id: z.string().min(1).max(64), deviceId: PushDeviceId })

/** A user's quiet hours: no push between `start` and `end` (local time in `timeZone`, may span midnight). */
export const DoNotDisturb = z.object({
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  timeZone: z.string().min(1).max(64),
})
/** A user's quiet hours. */
export type DoNotDisturb = z.infer<typeof DoNotDisturb>

/** A user's push preferences. */
export const PushPreferences = z.object({
  /** False turns every push of this user off. */
  enabled: z.boolean(),
  doNotDisturb: DoNotDisturb.nullable(),
  /** Whether an @mention still pushes from a muted conversation (default true). */
  mentionsOverrideMute: z.boolean(),
})
/** A user's push preferences. */
export type PushPreferences = z.infer<typeof PushPreferences>

/** One push attempt as the delivery log shows it (never a token or payload). */
export const PushDelivery = z.object({
  id: z.string(),
  userId: z.string(),
  deviceId: z.string(),
  provider: PushProvider,
  conversationId: ResourceId,
  seq: z.number().int(),
  /** Messages collapsed into this push (a burst in one conversation). */
  collapsed: z.number().int(),
  status: z.enum(['pending', 'sent', 'failed', 'pruned', 'skipped']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
})
/** One push attempt as the delivery log shows it. */
export type PushDelivery = z.infer<typeof PushDelivery>

/** One language's push text; `{sender}`, `{conversation}`, `{text}` and `{count}` are filled in. */
export const PushTemplate = z.object({ title: z.string().min(1).max(200), body: z.string().min(1).max(500) })
/** One language's push text. */
export type PushTemplate = z.infer<typeof PushTemplate>

/** An app's push settings (part of the app settings, `PATCH …/settings { push }`). */
export const PushSettings = z.object({
  /**
   * Show the message text in the notification. False (privacy) shows only "New message" and
   * keeps the text off the push services.
   */
  preview: z.boolean().default(true),
  /** Text per language (`en`, `zh`); the user's `ext.locale` picks one, `en` otherwise. */
  templates: z.object({ en: PushTemplate.optional(), zh: PushTemplate.optional() }).default({}),
  /** How long a push service keeps an undelivered notification, in seconds. */
  ttlSeconds: z.number().int().min(0).max(28 * 24 * 3600).default(3600),
  /** A burst in one conversation within this many ms becomes one notification. */
  collapseWindowMs: z.number().int().min(0).max(60_000).default(1000),
})
/** An app's push settings. */
export type PushSettings = z.infer<typeof PushSettings>
