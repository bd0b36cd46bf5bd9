import { z } from 'zod'
import { DEFAULT_LIMITS } from './limits.js'

const SERVER_BASE = 'http://server.invalid'

/**
 * True for one of the server's own file URLs, as `FileUrlSigner` makes them: `/files/<fileId>` with
 * an optional query, resolving to that path on this server (no `..`, no backslash, no other host).
 */
function isOwnFileUrl(text: string): boolean {
  if (!text.startsWith('/files/') || /[\\\s]/.test(text)) return false
  try {
    const url = new URL(text, SERVER_BASE)
    return url.origin === SERVER_BASE && /^\/files\/[^/]+$/.test(url.pathname)
  } catch {
    return false
  }
}

/**
 * True for a URL a message (or a profile) may carry: an absolute `http:`/`https:` URL with a host,
 * or one of the server's own file URLs (`/files/…`). Never `javascript:`, `data:`, `blob:`, a
 * scheme-relative `//host` or a relative path elsewhere.
 */
export function isSafeMessageUrl(text: string): boolean {
  if (text.startsWith('/')) return isOwnFileUrl(text)
  if (!/^https?:\/\//i.test(text)) return false
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** A URL field of a message body or a profile: see {@link isSafeMessageUrl}. */
export const SafeUrl = z.string().max(2048).refine(isSafeMessageUrl, 'must be an http(s) URL or a /files/ URL of this server')
const Url = SafeUrl
const FileId = z.string().min(1).max(64)

/** Plain text, with optional mentions (user ids, or `all`). */
export const TextBody = z.object({
  type: z.literal('text'),
  text: z.string().min(1).max(DEFAULT_LIMITS.maxTextLength),
  mentions: z.array(z.string().min(1).max(128)).max(100).optional(),
})

/** An image, by uploaded file id or by URL. */
export const ImageBody = z.object({
  type: z.literal('image'),
  fileId: FileId.optional(),
  url: Url.optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  mime: z.string().max(128).optional(),
  size: z.number().int().nonnegative().optional(),
  name: z.string().max(512).optional(),
})

/** Any file, by uploaded file id or by URL. */
export const FileBody = z.object({
  type: z.literal('file'),
  fileId: FileId.optional(),
  url: Url.optional(),
  name: z.string().min(1).max(512),
  mime: z.string().max(128).optional(),
  size: z.number().int().nonnegative().optional(),
})

/** A voice or audio clip. */
export const AudioBody = z.object({
  type: z.literal('audio'),
  fileId: FileId.optional(),
  url: Url.optional(),
  durationMs: z.number().int().nonnegative().optional(),
  mime: z.string().max(128).optional(),
  size: z.number().int().nonnegative().optional(),
})

/** A video clip. */
export const VideoBody = z.object({
  type: z.literal('video'),
  fileId: FileId.optional(),
  url: Url.optional(),
  durationMs: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  mime: z.string().max(128).optional(),
  size: z.number().int().nonnegative().optional(),
})

/** A point on the map. */
export const LocationBody = z.object({
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().max(256).optional(),
  address: z.string().max(512).optional(),
})

/** An app-defined message: a type name and JSON data. */
export const CustomBody = z.object({
  type: z.literal('custom'),
  customType: z.string().min(1).max(64),
  data: z.unknown(),
})

/** Every kind of message body. */
export const MessageBody = z.discriminatedUnion('type', [
  TextBody,
  ImageBody,
  FileBody,
  AudioBody,
  VideoBody,
  LocationBody,
  CustomBody,
])

/** A message body, as sent and stored. */
export type MessageBody = z.infer<typeof MessageBody>
/** The `type` of a message body. */
export type MessageBodyType = MessageBody['type']

/** Free-form JSON attached to a message, a user or a conversation. */
export const Ext = z.record(z.string(), z.unknown())
/** Free-form JSON attached to a message, a user or a conversation. */
export type Ext = z.infer<typeof Ext>
