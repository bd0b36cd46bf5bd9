import { z } from 'zod'

/**
 * A user id: the customer's own id is welcome. Letters, digits and `_ . @ : + -`, 1 to 128 characters,
 * so ids are safe in URLs, logs and keys without escaping.
 */
export const UserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.@:+-]+$/, 'use letters, digits and _ . @ : + - only')

/** A server-made id (apps, conversations, documents, ...). */
export const ResourceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid id')

/** A client-chosen message id that makes a send idempotent. */
export const ClientMessageId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - only')

/** A conversation sequence number: 1, 2, 3, ... without gaps. */
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
