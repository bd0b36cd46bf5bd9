// The writer thread of the SQLite event store (see ThreadCommitter in event-committers.ts): its own
// connection, the same append SQL as the main thread, commits with `synchronous = NORMAL` and then
// fdatasyncs the WAL itself when the storage is durable — after the write lock is released, so the
// main connection's writes do not wait for the disk.
import { closeSync, fdatasyncSync, fsyncSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { createEventAppender } from './event-appender.js'
import { toWireError } from './event-committers.js'
import { openSqliteDatabase } from './sqlite-driver.js'
import type { NewEvent } from '../storage.js'
import { AppSecretBox } from '../../compliance/keys/app-secret-box.js'
import { sealEvent } from '../../compliance/keys/sealed-events.js'

const { filename, durable } = workerData as { filename: string; durable: boolean }
const db = await openSqliteDatabase(filename, { synchronous: 'normal' })
db.pragma('wal_autocheckpoint = 0') // the checkpointer thread does that
const append = createEventAppender(db)
let walFd: number | undefined

/** How long an app's box stays here unused: the main thread's keyring decides; this is only a cache of it. */
const BOX_IDLE_MS = 60_000
/** Each app's box (its data key and blind-token cache) while the main thread keeps sending that key. */
const boxes = new Map<string, { key: Buffer; box: AppSecretBox; usedAt: number }>()

/** The box for an app's key as the main thread sent it with this batch (a new key replaces the old box). */
function boxFor(appId: string, sent: Uint8Array, now: number): AppSecretBox {
  const key = Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength)
  let entry = boxes.get(appId)
  if (!entry || !entry.key.equals(key)) {
    entry = { key: Buffer.from(key), box: new AppSecretBox(Buffer.from(key)), usedAt: now }
    boxes.set(appId, entry)
  }
  entry.usedAt = now
  return entry.box
}

/** Seals the events the main thread asked for (bodies encrypted, search terms blind), in place. */
function seal(events: NewEvent[], sealing: { indexes: number[]; keys: Map<string, Uint8Array> }): void {
  const now = Date.now()
  for (const [appId, entry] of boxes) if (now - entry.usedAt > BOX_IDLE_MS) boxes.delete(appId)
  for (const index of sealing.indexes) {
    const event = events[index]!
    const key = sealing.keys.get(event.appId)
    if (!key) throw new Error(`no data key sent for app ${event.appId}`)
    events[index] = sealEvent(boxFor(event.appId, key, now), event)
  }
}

/** Makes every commit so far durable: fdatasync of the WAL (and, once, of its directory entry). */
function syncWal(): void {
  if (walFd === undefined) {
    walFd = openSync(`${filename}-wal`, 'r')
    const directory = openSync(dirname(filename), 'r')
    try {
      fsyncSync(directory)
    } finally {
      closeSync(directory)
    }
  }
  fdatasyncSync(walFd)
}

parentPort!.on('message', (message: { id: number; events: NewEvent[]; sealing?: { indexes: number[]; keys: Map<string, Uint8Array> } } | { close: true }) => {
  if ('close' in message) {
    if (walFd !== undefined) closeSync(walFd)
    db.close()
    parentPort!.close()
    return
  }
  try {
    if (message.sealing) seal(message.events, message.sealing)
    // A new event goes back as its seq alone: the main thread has the rest (see ThreadCommitter).
    const outcomes = append(message.events).map((outcome) => ('error' in outcome ? { error: toWireError(outcome.error) } : outcome.duplicate ? outcome : { seq: outcome.event.seq }))
    if (durable) syncWal()
    parentPort!.postMessage({ id: message.id, outcomes })
  } catch (error) {
    parentPort!.postMessage({ id: message.id, failure: toWireError(error) })
  }
})
