// The append thread of the PostgreSQL event store (see PgAppendThread in pg-append-thread.ts): its
// own small pool, the same batch statement as the event loop (postgres-batch-append.ts). It seals
// the messages it is asked to (body encrypted, search terms blind, with the app keys sent along), so
// neither the sealing nor building the statement's arrays, nor the driver's protocol work, runs on
// the event loop.
import { parentPort, workerData } from 'node:worker_threads'
import type { NewEvent } from '../storage.js'
import { createThreadSealer, type SealingOrder } from '../thread-sealer.js'
import { toWireError } from '../sqlite/event-committers.js'
import { appendMessageBatch } from './postgres-batch-append.js'
import { openPgPool, type PgConnectionOptions } from './postgres-driver.js'

const { pool } = await openPgPool(workerData as PgConnectionOptions)
const sealer = createThreadSealer()

/** What the event loop sends: a batch of plain messages to append in one statement. */
type Order = { id: number; events: NewEvent[]; sealing?: SealingOrder }

/** Replies ready in this loop turn, posted together (a postMessage costs more than what it carries). */
let outbox: unknown[] = []
const reply = (message: unknown) => {
  if (outbox.length === 0)
    setImmediate(() => {
      const replies = outbox
      outbox = []
      parentPort!.postMessage(replies)
    })
  outbox.push(message)
}

parentPort!.on('message', (message: { orders: Order[] } | { close: true }) => {
  if ('close' in message) {
    void pool.end().finally(() => parentPort!.close())
    return
  }
  // The lanes' batches run side by side, each a statement on a connection of its own.
  for (const order of message.orders) void append(order).then(reply, (error: unknown) => reply({ id: order.id, failure: toWireError(error) }))
})

/**
 * Seals and appends one batch. A new event goes back as its seq alone (the event loop has the rest);
 * a duplicate as the first event stored. When the statement failed (nothing was written), the sealed
 * events go back for the event loop to append one by one.
 */
async function append({ id, events, sealing }: Order) {
  if (sealing) sealer.seal(events, sealing)
  const outcomes = await appendMessageBatch(pool, events).catch(() => undefined)
  if (!outcomes) return { id, retry: events }
  return { id, outcomes: outcomes.map((outcome) => ('error' in outcome ? { error: toWireError(outcome.error) } : outcome.duplicate ? outcome : { seq: outcome.event.seq })) }
}
