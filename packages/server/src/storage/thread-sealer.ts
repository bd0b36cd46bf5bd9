import { AppSecretBox } from '../compliance/keys/app-secret-box.js'
import { sealEvent } from '../compliance/keys/sealed-events.js'
import type { NewEvent } from './storage.js'

/** Which events of a batch to seal (by index), and each app's data key to seal them with. */
export interface SealingOrder {
  indexes: number[]
  keys: Map<string, Uint8Array>
}

/** How long an app's box stays cached unused: the main thread's keyring decides; this is only a cache of it. */
const BOX_IDLE_MS = 60_000

/**
 * Seals events with the app data keys sent along with them, as the sealed event store does on the
 * event loop (`compliance/keys/sealed-events.ts`): for a writer thread (SQLite's, PostgreSQL's append
 * thread), and for the rare append the PostgreSQL store seals on the event loop itself. Each app's
 * box (its key and blind-token cache) is kept while that key keeps coming; a new key replaces it.
 */
export function createThreadSealer(): {
  /** Seals the events `order` names, in place. Throws when an event's app key was not sent. */
  seal(events: NewEvent[], order: SealingOrder): void
  /** The event sealed with `dataKey` (a new object). */
  sealOne(event: NewEvent, dataKey: Uint8Array): NewEvent
} {
  const boxes = new Map<string, { key: Buffer; box: AppSecretBox; usedAt: number }>()
  const boxFor = (appId: string, sent: Uint8Array, now: number): AppSecretBox => {
    const key = Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength)
    let entry = boxes.get(appId)
    if (!entry || !entry.key.equals(key)) {
      entry = { key: Buffer.from(key), box: new AppSecretBox(Buffer.from(key)), usedAt: now }
      boxes.set(appId, entry)
    }
    entry.usedAt = now
    return entry.box
  }
  const forget = (now: number) => {
    for (const [appId, entry] of boxes) if (now - entry.usedAt > BOX_IDLE_MS) boxes.delete(appId)
  }
  return {
    seal(events, order) {
      const now = Date.now()
      forget(now)
      for (const index of order.indexes) {
        const event = events[index]!
        const key = order.keys.get(event.appId)
        if (!key) throw new Error(`no data key sent for app ${event.appId}`)
        events[index] = sealEvent(boxFor(event.appId, key, now), event)
      }
    },
    sealOne(event, dataKey) {
      const now = Date.now()
      forget(now)
      return sealEvent(boxFor(event.appId, dataKey, now), event)
    },
  }
}
