import type { AppRecord, AppStore, Storage } from '../../storage/storage.js'
import type { BeforeSendHookRecord, WebhookRecord, WebhookStore } from '../../storage/webhook-store.js'
import type { AppBoxes, AppKeyring } from './app-keyring.js'
import { sealedComplianceStore, sealedPayloadWebhookStore, sealedPushStore, sealedToolStore } from './sealed-copies.js'
import { sealedEventStore } from './sealed-events.js'
import { sealedExtEventStore } from './sealed-ext.js'
import { sealedSupportStore } from './sealed-support.js'

/** A secret sealed with the app's data key; anything else is a secret stored in the clear before encryption at rest. */
const isSealed = (secret: string) => secret.startsWith('a1:')

/** Answers `store` with the methods of `replaced` in place of its own. */
function override<T extends object>(store: T, replaced: Partial<T>): T {
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in replaced) return replaced[property as keyof T]
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

/**
 * The app store with each app's user-token signing key (HS256) sealed with the app's data key at
 * rest and opened on read. Keys stored in the clear before keep working.
 */
export function sealedAppStore(store: AppStore, boxes: AppBoxes): AppStore {
  const open = async (app: AppRecord | undefined) =>
    app && isSealed(app.signingKey) ? { ...app, signingKey: (await boxes.box(app.id)).decrypt(app.signingKey) } : app
  return override(store, {
    create: async (app) => store.create({ ...app, signingKey: (await boxes.box(app.id)).encrypt(app.signingKey) }),
    get: async (appId) => open(await store.get(appId)),
    getBySecretHash: async (secretHash) => open(await store.getBySecretHash(secretHash)),
    list: async (options) => Promise.all((await store.list(options)).map(async (app) => (await open(app))!)),
  })
}

/**
 * The webhook store with every signing secret (webhooks and the before-send hook) sealed with the
 * app's data key at rest and opened on read, so the dispatcher, the routes and the caches keep
 * seeing the secret itself. Secrets stored in the clear before keep working and are sealed the
 * next time they are written (a rotation or a hook update).
 *
 * @example
 * ```ts
 * const storage = withSealedSecrets(opened, boxes)
 * await storage.webhooks.create({ ...record, secret: 'whsec_…' }) // the row holds 'a1:…'
 * ```
 */
export function sealedWebhookStore(store: WebhookStore, boxes: AppBoxes): WebhookStore {
  const seal = async (appId: string, secret: string) => (await boxes.box(appId)).encrypt(secret)
  const open = async <T extends { appId: string; secret: string }>(record: T): Promise<T> =>
    isSealed(record.secret) ? { ...record, secret: (await boxes.box(record.appId)).decrypt(record.secret) } : record
  const openMaybe = async <T extends { appId: string; secret: string }>(record: T | undefined) => record && open(record)
  return override(store, {
    create: async (record: WebhookRecord) => store.create({ ...record, secret: await seal(record.appId, record.secret) }),
    get: async (appId, webhookId) => openMaybe(await store.get(appId, webhookId)),
    list: async (appId) => Promise.all((await store.list(appId)).map(open)),
    update: async (appId, webhookId, patch) =>
      openMaybe(await store.update(appId, webhookId, patch.secret === undefined ? patch : { ...patch, secret: await seal(appId, patch.secret) })),
    getBeforeSendHook: async (appId) => openMaybe(await store.getBeforeSendHook(appId)),
    putBeforeSendHook: async (record: BeforeSendHookRecord) => store.putBeforeSendHook({ ...record, secret: await seal(record.appId, record.secret) }),
  })
}

/**
 * The storage with its app and webhook stores sealing their secrets with each app's data key
 * ({@link sealedAppStore}, {@link sealedWebhookStore}), its event store encrypting message
 * bodies behind a blind search index ({@link sealedEventStore}), and the copies other features
 * keep sealed too (`sealed-copies.ts`): webhook delivery payloads, queued push payloads, tool-call
 * arguments, and the compliance store reading through them; messages' `ext` (`sealed-ext.ts`); support notes, hand-off
 * summaries and CSAT comments (`sealed-support.ts`); every other store as it is. A
 * storage without an app key store (no keyring) is answered unchanged.
 */
export function withSealedSecrets<S extends Storage>(storage: S, boxes: AppBoxes & { keyring?: AppKeyring }): S {
  const keyring = boxes.keyring
  // Without an app key store (test doubles) there is nothing to seal with: the storage stays as it is.
  if (!keyring) return storage
  const boxOf = (appId: string) => keyring.box(appId)
  const apps = sealedAppStore(storage.apps, keyring)
  const webhooks = sealedPayloadWebhookStore(sealedWebhookStore(storage.webhooks, keyring), boxOf)
  const events = sealedExtEventStore(sealedEventStore(storage.events, boxOf), boxOf)
  const replaced: Partial<Record<keyof Storage, unknown>> = {
    apps,
    webhooks,
    events,
    push: sealedPushStore(storage.push, boxOf),
    support: sealedSupportStore(storage.support, boxOf),
    ...(storage.tools ? { tools: sealedToolStore(storage.tools, boxOf) } : {}),
    ...(storage.compliance ? { compliance: sealedComplianceStore(storage.compliance, boxOf) } : {}),
  }
  return new Proxy(storage, {
    get(target, property) {
      if (typeof property === 'string' && property in replaced) return replaced[property as keyof Storage]
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
