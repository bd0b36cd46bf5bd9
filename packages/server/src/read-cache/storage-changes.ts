import type { ConversationStore, JoinRequestRecord, SocialStore, Storage } from '../storage/storage.js'
import type { WebhookStore } from '../storage/webhook-store.js'

/** A write that may make a cached read stale (announced to every node, see `read-caches.ts`). */
export type StorageChange =
  | { type: 'conversation'; appId: string; conversationId: string }
  | { type: 'social'; appId: string; userIds: [string, string] }
  | { type: 'webhooks'; appId: string }

/** For one store: which methods write, and what each write changed (from its arguments and result). */
type ChangeMap<S> = { [K in keyof S]?: S[K] extends (...args: infer A) => Promise<infer R> ? (args: A, result: R) => StorageChange[] : never }

const conversation = (appId: string, conversationId: string): StorageChange[] => [{ type: 'conversation', appId, conversationId }]
const social = (appId: string, a: string, b: string): StorageChange[] => [{ type: 'social', appId, userIds: [a, b] }]

const CONVERSATION_WRITES: ChangeMap<ConversationStore> = {
  getOrCreateDirect: ([appId], created) => conversation(appId, created.id),
  createGroup: ([record]) => conversation(record.appId, record.id),
  addMembers: ([appId, conversationId]) => conversation(appId, conversationId),
  removeMembers: ([appId, conversationId]) => conversation(appId, conversationId),
  updateMember: ([appId, conversationId]) => conversation(appId, conversationId),
  updateConversation: ([appId, conversationId]) => conversation(appId, conversationId),
  decideJoinRequest: ([appId], decided: JoinRequestRecord | undefined) => (decided ? conversation(appId, decided.conversationId) : []),
}

const SOCIAL_WRITES: ChangeMap<SocialStore> = {
  block: ([appId, userId, blockedId]) => social(appId, userId, blockedId),
  unblock: ([appId, userId, blockedId]) => social(appId, userId, blockedId),
  addFriendship: ([appId, a, b]) => social(appId, a, b),
  removeFriendship: ([appId, a, b]) => social(appId, a, b),
}

const WEBHOOK_WRITES: ChangeMap<WebhookStore> = {
  create: ([record]) => [{ type: 'webhooks', appId: record.appId }],
  update: ([appId]) => [{ type: 'webhooks', appId }],
  delete: ([appId]) => [{ type: 'webhooks', appId }],
}

/** Wraps a store so that each listed write reports what it changed once it has succeeded. */
function reportWrites<S extends object>(store: S, writes: ChangeMap<S>, report: (change: StorageChange) => void): S {
  const wrapped = new Map<PropertyKey, unknown>()
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown
      if (typeof value !== 'function') return value
      let method = wrapped.get(property)
      if (method === undefined) {
        const describe = writes[property as keyof S] as ((args: unknown[], result: unknown) => StorageChange[]) | undefined
        const bound = (value as (...args: unknown[]) => unknown).bind(target)
        method = describe
          ? async (...args: unknown[]) => {
              const result = await bound(...args)
              for (const change of describe(args, result)) report(change)
              return result
            }
          : bound
        wrapped.set(property, method)
      }
      return method
    },
  })
}

/**
 * The storage with every write that can stale a read cache reported to `report` after it succeeds:
 * membership and conversation rules, blocks and friendships, webhooks. Everything else passes
 * through untouched. Writes made by another node are learnt from the bus instead (`read-caches.ts`).
 */
export function reportStorageChanges(storage: Storage, report: (change: StorageChange) => void): Storage {
  const conversations = reportWrites(storage.conversations, CONVERSATION_WRITES, report)
  const socialStore = reportWrites(storage.social, SOCIAL_WRITES, report)
  const webhooks = reportWrites(storage.webhooks, WEBHOOK_WRITES, report)
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'conversations') return conversations
      if (property === 'social') return socialStore
      if (property === 'webhooks') return webhooks
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
