import { createHmac } from 'node:crypto'
import type { AuditChainRecord, AuditPersonalRecord } from '../storage/compliance-store.js'

/** The `prevMac` of the first entry. */
export const GENESIS_MAC = '0'.repeat(64)

/** HMAC-SHA256 (hex) of the canonical JSON of `parts`. */
function hmac(key: Buffer, parts: readonly unknown[]): string {
  return createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex')
}

/**
 * The MAC of a chain entry: over the previous MAC and every field but `seq` (so a row that was
 * renumbered after a removal still proves itself, and the removal shows as a broken link).
 */
export function entryMac(key: Buffer, entry: Omit<AuditChainRecord, 'seq' | 'mac'>): string {
  return hmac(key, ['audit-entry/v1', entry.prevMac, entry.ts, entry.actorType, entry.action, entry.appId, entry.status, entry.personalMac])
}

/** The MAC of an entry's personal side row, stored in the entry. */
export function personalMac(key: Buffer, personal: Omit<AuditPersonalRecord, 'seq'>): string {
  return hmac(key, ['audit-personal/v1', personal.appId, personal.subjectUserId, personal.actorId, personal.target, personal.ip, personal.userAgent, personal.details])
}
