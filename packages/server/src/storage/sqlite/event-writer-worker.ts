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
import { createThreadSealer } from '../thread-sealer.js'

const { filename, durable } = workerData as { filename: string; durable: boolean }
const db = await openSqliteDatabase(filename, { synchronous: 'normal' })
db.pragma('wal_autocheckpoint = 0') // the checkpointer thread does that
const append = createEventAppender(db)
let walFd: number | undefined

const sealer = createThreadSealer()

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
    if (message.sealing) sealer.seal(message.events, message.sealing)
    // A new event goes back as its seq alone: the main thread has the rest (see ThreadCommitter).
    const outcomes = append(message.events).map((outcome) => ('error' in outcome ? { error: toWireError(outcome.error) } : outcome.duplicate ? outcome : { seq: outcome.event.seq }))
    if (durable) syncWal()
    parentPort!.postMessage({ id: message.id, outcomes })
  } catch (error) {
    parentPort!.postMessage({ id: message.id, failure: toWireError(error) })
  }
})
