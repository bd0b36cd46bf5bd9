import type { AppendResult, EventStore, NewEvent } from './storage.js'

/**
 * An event store whose commits run on another thread (the SQLite writer thread) and which can seal
 * an event there: the message body encrypted and the search terms blinded with the app's data key,
 * exactly as the sealed event store would on the event loop, so the event loop does neither.
 */
export interface SealingAppend {
  /**
   * Appends `event` as {@link EventStore.append} does, after sealing it on the writer thread with
   * `dataKey` (the app's 32-byte data key). A new event's result carries the body as given (the
   * caller's); a duplicate's, the first event as stored (sealed).
   */
  appendSealing(event: NewEvent, dataKey: Buffer): Promise<AppendResult>
}

/** Whether the store seals appends off the event loop (only while its commits run on a writer thread). */
export function sealsOffThread(store: EventStore): store is EventStore & SealingAppend {
  return (store as Partial<SealingAppend> & { sealsOffThread?: boolean }).sealsOffThread === true
}
