import type { CsatRecord, NoteRecord, SupportStateRecord, SupportStore } from '../../storage/support-store.js'
import type { BoxOf } from './sealed-copies.js'

const A1 = 'a1:'

/** Seals a free text (a note, a hand-off summary, a CSAT comment) with the app's box; null stays null. */
export async function sealText(boxOf: BoxOf, appId: string, text: string): Promise<string>
export async function sealText(boxOf: BoxOf, appId: string, text: string | null): Promise<string | null>
export async function sealText(boxOf: BoxOf, appId: string, text: string | null): Promise<string | null> {
  return text === null || text === '' ? text : (await boxOf(appId)).encrypt(text)
}

/**
 * Opens a text {@link sealText} sealed; a text stored in the clear before encryption at rest is
 * answered as it is (one that merely starts like a ciphertext too: it does not open).
 */
export async function openText(boxOf: BoxOf, appId: string, text: string | null): Promise<string | null> {
  if (text === null || !text.startsWith(A1)) return text
  const box = await boxOf(appId)
  try {
    return box.decrypt(text)
  } catch {
    return text
  }
}

/** Anything the support store answers with its summaries opened: a state, an assignment, `{ state, created }`, or a list of them. */
async function openAnswer(boxOf: BoxOf, value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => openAnswer(boxOf, item)))
  if (!value || typeof value !== 'object') return value
  const record = value as Partial<SupportStateRecord> & { state?: unknown }
  if ('state' in record && record.state && typeof record.state === 'object') return { ...record, state: await openAnswer(boxOf, record.state) }
  if (typeof record.summary === 'string' && typeof record.appId === 'string') return { ...record, summary: await openText(boxOf, record.appId, record.summary) }
  return value
}

/**
 * The support store with agents' private notes, hand-off summaries and CSAT comments sealed with the
 * app's data key at rest (personal data: what a customer said, what an agent noted about them) and
 * opened on read, so the inbox, the routes, webhooks and exports see the text. Texts stored in the
 * clear before keep reading; `warbler keys reencrypt` seals them.
 *
 * @example
 * ```ts
 * const support = sealedSupportStore(storage.support, (appId) => keyring.box(appId))
 * await support.addNote({ ...note, text: 'VIP, refund approved' }) // the row holds 'a1:…'
 * ```
 */
export function sealedSupportStore(store: SupportStore, boxOf: BoxOf): SupportStore {
  const replaced: Partial<SupportStore> = {
    addNote: async (note: NoteRecord) => store.addNote({ ...note, text: await sealText(boxOf, note.appId, note.text) }),
    listNotes: async (appId, conversationId) =>
      Promise.all((await store.listNotes(appId, conversationId)).map(async (note) => ({ ...note, text: (await openText(boxOf, appId, note.text)) ?? '' }))),
    handoff: async (appId, conversationId, input) => {
      const sealed = input.summary === undefined ? input : { ...input, summary: await sealText(boxOf, appId, input.summary) }
      return (await openAnswer(boxOf, await store.handoff(appId, conversationId, sealed))) as Awaited<ReturnType<SupportStore['handoff']>>
    },
    addCsat: async (record: CsatRecord) => store.addCsat({ ...record, comment: await sealText(boxOf, record.appId, record.comment) }),
    listCsat: async (appId, range) =>
      Promise.all((await store.listCsat(appId, range)).map(async (record) => ({ ...record, comment: await openText(boxOf, appId, record.comment) }))),
  }
  // Every other call that answers support states opens their summaries.
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in replaced) return replaced[property as keyof SupportStore]
      const value = Reflect.get(target, property, target) as unknown
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => openAnswer(boxOf, await (value as (...args: unknown[]) => Promise<unknown>).apply(target, args))
    },
  })
}
