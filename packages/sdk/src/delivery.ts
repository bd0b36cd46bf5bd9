import type { ConversationEvent } from '@warbler/protocol'
import { WarblerError } from '@warbler/protocol'
import type { ConversationList } from './conversation-list.js'
import type { TypedEmitter } from './event-emitter.js'
import { applyUpdate, isEntryEvent, isUpdateEvent, messageFromEvent } from './message-reducer.js'
import type { LocalStore } from './stores/local-store.js'
import type { Message, WarblerClientEvents } from './types.js'

/** What {@link Delivery} works with. */
export interface DeliveryOptions {
  store: () => LocalStore
  list: ConversationList
  emitter: TypedEmitter<WarblerClientEvents>
  /** Rows of the conversation list changed by a batch (persisted with it, announced after). */
  onRowsChanged: (conversationIds: Iterable<string>) => void
}

/**
 * Hands ordered events to the app. Batches run one after another: each folds its events into
 * messages (edits, recalls and reactions applied to their target, read from the store when it is
 * not in the batch), writes messages, cursors and conversation rows to the store in one write,
 * and only then emits, so what the app saw is what a reload shows.
 */
export class Delivery {
  #chain: Promise<void> = Promise.resolve()

  constructor(private readonly options: DeliveryOptions) {}

  /** Queues events (already in seq order per conversation, each once). */
  deliver(events: readonly ConversationEvent[]): void {
    const batch = [...events]
    this.#chain = this.#chain.then(() => this.#apply(batch)).catch((error: unknown) => this.#report(error))
  }

  /** Resolves once everything queued so far has been emitted. */
  drained(): Promise<void> {
    return this.#chain
  }

  async #apply(events: ConversationEvent[]): Promise<void> {
    const { list, emitter } = this.options
    const store = this.options.store()
    const inBatch = new Map<string, Message>()
    const toStore = new Map<string, Message>()
    const cursors: Record<string, number> = {}
    const rows = new Set<string>()
    const emits: (() => void)[] = []
    for (const event of events) {
      const key = `${event.conversationId}\u0000${event.seq}`
      cursors[event.conversationId] = Math.max(cursors[event.conversationId] ?? 0, event.seq)
      emits.push(() => emitter.emit('event', event))
      if (isEntryEvent(event)) {
        const message = messageFromEvent(event)
        inBatch.set(key, message)
        toStore.set(key, message)
        if (list.applyMessage(message)) rows.add(event.conversationId)
        emits.push(() => emitter.emit(message.kind === 'message' ? 'message' : 'notice', message))
      } else if (isUpdateEvent(event)) {
        const targetKey = `${event.conversationId}\u0000${event.targetSeq}`
        const target = inBatch.get(targetKey) ?? (await this.#read(store, event.conversationId, event.targetSeq!))
        const message = applyUpdate(target, event)
        inBatch.set(targetKey, message)
        // A message the SDK never saw stays out of the store: history would show a stub.
        if (!message.partial) toStore.set(targetKey, message)
        if (list.applyUpdate(message, event.seq)) rows.add(event.conversationId)
        if (event.kind === 'recall' && list.applyRecall(message, event.seq)) rows.add(event.conversationId)
        emits.push(() => emitter.emit('message-update', message))
      }
    }
    const conversations = [...rows].map((id) => list.get(id)).filter((row) => row !== undefined)
    try {
      await store.write({ messages: [...toStore.values()], cursors, conversations })
    } catch (error) {
      this.#report(error)
    }
    for (const emit of emits) emit()
    this.options.onRowsChanged(rows)
  }

  async #read(store: LocalStore, conversationId: string, seq: number): Promise<Message | undefined> {
    try {
      return await store.message(conversationId, seq)
    } catch {
      return undefined
    }
  }

  #report(error: unknown): void {
    const wrapped = WarblerError.isInstance(error)
      ? error
      : new WarblerError('internal', `Local store failed: ${String(error)}`, { cause: error })
    this.options.emitter.emit('error', wrapped)
  }
}
