import type { MessageBody } from '@warbler/protocol'
import { searchTerms } from '../../storage/postgres/postgres-search-terms.js'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../../storage/storage.js'
import { sealsOffThread } from '../../storage/sealing-append.js'
import type { AppSecretBox } from './app-secret-box.js'

/** How a sealed body is stored in the body column: still JSON, its content an `a1:` text under the app's key. */
interface SealedBody {
  type: 'sealed'
  sealed: string
}

const isSealedBody = (body: unknown): body is SealedBody =>
  typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'sealed' && typeof (body as { sealed?: unknown }).sealed === 'string'

/** The blind index text of pre-tokenized search text: each term (split and case-folded as both engines do) as its blind token. */
export function blindTokens(box: Pick<AppSecretBox, 'blind'>, text: string): string {
  return searchTerms(text).map((term) => box.blind(term)).join(' ')
}

/**
 * The event as stored: its body encrypted with the app's data key (`{ type: 'sealed', sealed }`)
 * and its search text as blind tokens. Runs on the event loop, or on the SQLite writer thread when
 * the store seals there (`storage/sealing-append.ts`).
 */
export function sealEvent(box: Pick<AppSecretBox, 'encrypt' | 'blind'>, event: NewEvent): NewEvent {
  const sealed: NewEvent = { ...event }
  if (event.body !== undefined) sealed.body = { type: 'sealed', sealed: box.encrypt(JSON.stringify(event.body)) } as unknown as MessageBody
  if (event.searchTokens !== undefined) sealed.searchTokens = blindTokens(box, event.searchTokens)
  return sealed
}

/**
 * The event store with message bodies encrypted with the app's data key and the search index
 * blind: what is indexed and what is searched are keyed hashes of the pre-tokenized terms, so
 * FTS5 and PostgreSQL still match and rank them, and the index holds no word of the text. Bodies
 * stored before encryption at rest read as they are; a search looks for their plain terms too.
 *
 * @example
 * ```ts
 * const events = sealedEventStore(storage.events, (appId) => keyring.box(appId))
 * ```
 */
export function sealedEventStore(store: EventStore, boxOf: (appId: string) => Promise<AppSecretBox>): EventStore {
  const open = (box: AppSecretBox, event: EventRecord): EventRecord => {
    const body: unknown = event.body
    return isSealedBody(body) ? { ...event, body: JSON.parse(box.decrypt(body.sealed)) as MessageBody } : event
  }
  return new Proxy(store, {
    get(target, property) {
      switch (property) {
        case 'append':
          return async (event: NewEvent): Promise<AppendResult> => {
            const box = await boxOf(event.appId)
            // With the writer thread the sealing happens there, off the event loop; the same rows either way.
            const result = sealsOffThread(target) ? await target.appendSealing(event, box.writerKey) : await target.append(sealEvent(box, event))
            // A new event holds the body just sealed: no need to open it again. A duplicate is the first one stored.
            if (!result.duplicate && event.body !== undefined) return { ...result, event: { ...result.event, body: event.body } }
            return { ...result, event: open(box, result.event) }
          }
        case 'range':
          return async (appId: string, conversationId: string, options: Parameters<EventStore['range']>[2]) => {
            const [box, page] = await Promise.all([boxOf(appId), target.range(appId, conversationId, options)])
            return { ...page, events: page.events.map((event) => open(box, event)) }
          }
        case 'get':
          return async (appId: string, conversationId: string, seq: number) => {
            const [box, event] = await Promise.all([boxOf(appId), target.get(appId, conversationId, seq)])
            return event && open(box, event)
          }
        case 'search':
          return async (appId: string, userId: string, options: Parameters<EventStore['search']>[2]) => {
            const box = await boxOf(appId)
            const terms = options.terms.flatMap((term) => searchTerms(term))
            if (terms.length === 0) return []
            const [blind, plain] = await Promise.all([
              target.search(appId, userId, { ...options, terms: terms.map((term) => box.blind(term)) }),
              // Messages indexed before encryption at rest keep their plain terms.
              target.search(appId, userId, { ...options, terms }),
            ])
            const seen = new Set<string>()
            const merged = [...blind, ...plain].filter((event) => {
              const key = `${event.conversationId}\u0000${event.seq}`
              return !seen.has(key) && seen.add(key)
            })
            merged.sort((a, b) => b.ts - a.ts || b.seq - a.seq)
            return merged.slice(0, options.limit).map((event) => open(box, event))
          }
        default: {
          const value = Reflect.get(target, property, target) as unknown
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
        }
      }
    },
  })
}
