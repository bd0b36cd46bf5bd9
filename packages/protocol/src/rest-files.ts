import { z } from 'zod'
import { ResourceId } from './ids.js'

/**
 * The answer to `POST /api/v1/apps/{appId}/files` (multipart: a `conversationId` field, then the
 * `file` part). `url` is a signed download URL, valid for a limited time.
 */
export const UploadedFile = z.object({
  id: ResourceId,
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  expiresAt: z.number().int(),
})

/** Which rendition of a file to download: the original, or a thumbnail (images only). */
export const FileVariant = z.enum(['original', 'thumb'])

/** Query of `GET /api/v1/apps/{appId}/files/{fileId}/url`. */
export const FileUrlQuery = z.object({
  variant: FileVariant.default('original'),
  /** Lifetime of the URL in seconds (default 1 hour, at most 7 days). */
  ttlSeconds: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(3600),
})

/** A signed, expiring download URL (path relative to the server) and when it expires (unix ms). */
export const FileUrlResponse = z.object({ url: z.string(), expiresAt: z.number().int() })
