import type { Ext } from '@warbler/protocol'
import type { EventRecord } from '../storage/storage.js'

/** What the domain announces after a change is stored (webhooks, audit, bots listen). */
export interface DomainEventMap {
  /** A message event was stored (kind `message`). */
  'message.created': { appId: string; event: EventRecord }
  /** An edit event was stored; `event.targetSeq` is the edited message. */
  'message.edited': { appId: string; event: EventRecord }
  /** A recall event was stored; `event.targetSeq` is the recalled message. */
  'message.recalled': { appId: string; event: EventRecord }
  /** A conversation was created. */
  'conversation.created': { appId: string; conversationId: string; kind: 'direct' | 'group' | 'system'; createdBy: string | null; memberIds: string[] }
  /** Users joined a conversation. */
  'member.joined': { appId: string; conversationId: string; userIds: string[]; by: string | null }
  /** Users left or were removed from a conversation. */
  'member.left': { appId: string; conversationId: string; userIds: string[]; by: string | null; reason: 'left' | 'removed' | 'dissolved' }
  /** A user was created. */
  'user.created': { appId: string; userId: string; name: string; kind: 'person' | 'bot'; ext: Ext }
}

/** A domain event type. */
export type DomainEventType = keyof DomainEventMap

/**
 * A tiny typed in-process emitter for domain events. Listeners run after the change is stored;
 * a listener that throws is logged by the caller's `onError` and never breaks the emitting code.
 */
export class DomainEvents {
  private readonly listeners = new Map<DomainEventType, Set<(payload: never) => void>>()

  constructor(private readonly onError: (error: unknown, type: DomainEventType) => void = () => undefined) {}

  on<T extends DomainEventType>(type: T, listener: (payload: DomainEventMap[T]) => void): () => void {
    let set = this.listeners.get(type)
    if (!set) this.listeners.set(type, (set = new Set()))
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  emit<T extends DomainEventType>(type: T, payload: DomainEventMap[T]): void {
    const set = this.listeners.get(type)
    if (!set) return
    for (const listener of set) {
      try {
        ;(listener as (value: DomainEventMap[T]) => void)(payload)
      } catch (error) {
        this.onError(error, type)
      }
    }
  }
}
