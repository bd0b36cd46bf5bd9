import type { AppendResult, EventRecord, EventStore, NewEvent } from '../../storage/storage.js'
import type { AppSecretBox } from './app-secret-box.js'

type Ext = NonNullable<NewEvent['ext']>

/**
 * Keys of a message's `ext` kept in the clear because the server reads them in SQL: who a
 * forwarded copy came from (erasure finds copies by it), a bot answer's token usage and hand-off
 * (console analytics), and the tombstone marks of erasure and retention. They hold ids, counts and
 * flags, never text a person wrote.
 */
export const CLEAR_EXT_KEYS: ReadonlySet<string> = new Set(['forwardedFrom', 'usage', 'handoff', 'erased', 'purged'])

/** Where the sealed rest of an `ext` is kept. */
const SEALED = '$sealed'

const hasSealedRest = (ext: unknown): ext is Record<string, unknown> & { [SEALED]: string } =>
  typeof ext === 'object' && ext !== null && typeof (ext as Record<string, unknown>)[SEALED] === 'string'

/** Seals every key of `ext` but {@link CLEAR_EXT_KEYS} into one `$sealed` text; an ext with nothing to seal is answered as it is. */
export function sealExt(box: Pick<AppSecretBox, 'encrypt'>, ext: Ext): Ext {
  const clear: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  let sealing = false
  for (const [key, value] of Object.entries(ext)) {
    if (CLEAR_EXT_KEYS.has(key)) clear[key] = value
    else {
      rest[key] = value
      sealing = true
    }
  }
  return sealing ? ({ ...clear, [SEALED]: box.encrypt(JSON.stringify(rest)) } as Ext) : ext
}

/** Opens what {@link sealExt} made; anything else is answered as it is. */
export function openExt(box: Pick<AppSecretBox, 'decrypt'>, ext: unknown): unknown {
  if (!hasSealedRest(ext)) return ext
  const { [SEALED]: sealed, ...clear } = ext
  return { ...(JSON.parse(box.decrypt(sealed)) as Record<string, unknown>), ...clear }
}

const needsSealing = (ext: NewEvent['ext']) => ext !== undefined && ext !== null && Object.keys(ext).some((key) => !CLEAR_EXT_KEYS.has(key))

/**
 * The event store with the `ext` of messages sealed with the app's data key (the custom data an
 * app attaches, a bot answer's citations and error), but for {@link CLEAR_EXT_KEYS}. Events without
 * such an ext pass straight through (no key is looked up); reads open only what is sealed. Wraps
 * the store that seals bodies, so the two stay apart.
 */
export function sealedExtEventStore(store: EventStore, boxOf: (appId: string) => Promise<AppSecretBox>): EventStore {
  const openEvent = (box: AppSecretBox, event: EventRecord): EventRecord =>
    hasSealedRest(event.ext) ? { ...event, ext: openExt(box, event.ext) as EventRecord['ext'] } : event
  const openAll = async (appId: string, events: EventRecord[]): Promise<EventRecord[]> => {
    if (!events.some((event) => hasSealedRest(event.ext))) return events
    const box = await boxOf(appId)
    return events.map((event) => openEvent(box, event))
  }
  return new Proxy(store, {
    get(target, property) {
      switch (property) {
        case 'append':
          return (event: NewEvent): Promise<AppendResult> => {
            if (!needsSealing(event.ext)) return target.append(event)
            return (async () => {
              const box = await boxOf(event.appId)
              const result = await target.append({ ...event, ext: sealExt(box, event.ext!) })
              return { ...result, event: result.duplicate ? openEvent(box, result.event) : { ...result.event, ext: event.ext as EventRecord['ext'] } }
            })()
          }
        case 'range':
          return async (appId: string, conversationId: string, options: Parameters<EventStore['range']>[2]) => {
            const page = await target.range(appId, conversationId, options)
            return { ...page, events: await openAll(appId, page.events) }
          }
        case 'get':
          return async (appId: string, conversationId: string, seq: number) => {
            const event = await target.get(appId, conversationId, seq)
            return event && (await openAll(appId, [event]))[0]
          }
        case 'search':
          return async (appId: string, userId: string, options: Parameters<EventStore['search']>[2]) => openAll(appId, await target.search(appId, userId, options))
        default: {
          const value = Reflect.get(target, property, target) as unknown
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
        }
      }
    },
  })
}
