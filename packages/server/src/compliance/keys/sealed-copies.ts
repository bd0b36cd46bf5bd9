import type { ComplianceStore } from '../../storage/compliance-store.js'
import type { PushJobRecord, PushStore } from '../../storage/push-store.js'
import type { ToolCallRecord, ToolStore } from '../../storage/tool-store.js'
import type { DeliveryRecord, WebhookStore } from '../../storage/webhook-store.js'
import type { AppSecretBox } from './app-secret-box.js'
import { openText } from './sealed-support.js'

/** The app's box, with the blind tokens only an {@link AppSecretBox} makes. */
export type BoxOf = (appId: string) => Promise<Pick<AppSecretBox, 'encrypt' | 'decrypt' | 'blind'>>

/** Answers `store` with the methods of `replaced` in place of its own. */
export function override<T extends object>(store: T, replaced: Partial<T>): T {
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in replaced) return replaced[property as keyof T]
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

const SEALED_PAYLOAD = 'sealed:'
const SUBJECT = 'webhook subject\u0000'
const MAX_SUBJECT_LENGTH = 256

/** The blind mark a sealed payload carries for each short string it holds, so erasure finds the deliveries naming a user. */
export const subjectMark = (box: Pick<AppSecretBox, 'blind'>, value: string): string => box.blind(`${SUBJECT}${value}`)

/** Every short string value in a JSON document (user ids among them), each once. */
function subjectsOf(json: string): Set<string> {
  const found = new Set<string>()
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length > 0 && value.length <= MAX_SUBJECT_LENGTH) found.add(value)
    } else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  try {
    walk(JSON.parse(json))
  } catch {
    // Not JSON: no subjects, the payload is still sealed.
  }
  return found
}

/**
 * Seals a webhook payload: `sealed:<marks>:a1:…`, the marks being the blind {@link subjectMark} of
 * every short string in it (so `deleteDeliveriesNaming` still finds a user's deliveries by a
 * keyed hash of their id, never by the id itself).
 */
export function sealPayload(box: Pick<AppSecretBox, 'encrypt' | 'blind'>, payload: string): string {
  const marks = [...subjectsOf(payload)].map((value) => subjectMark(box, value))
  return `${SEALED_PAYLOAD}${marks.join(' ')}:${box.encrypt(payload)}`
}

/** Opens what {@link sealPayload} made; a payload stored in the clear before is answered as it is. */
export function openPayload(box: Pick<AppSecretBox, 'decrypt'>, stored: string): string {
  if (!stored.startsWith(SEALED_PAYLOAD)) return stored
  const rest = stored.slice(SEALED_PAYLOAD.length)
  return box.decrypt(rest.slice(rest.indexOf(':') + 1))
}

/** Whether a stored webhook payload is sealed. */
export const isSealedPayload = (stored: string): boolean => stored.startsWith(SEALED_PAYLOAD)

/**
 * The webhook store with the delivery payloads (the outbox and its log) sealed with the app's data
 * key; the dispatcher and the delivery log API see the payload itself. The secrets are sealed by
 * `sealedWebhookStore`, which this wraps.
 */
export function sealedPayloadWebhookStore(store: WebhookStore, boxOf: BoxOf): WebhookStore {
  const open = async (delivery: DeliveryRecord): Promise<DeliveryRecord> =>
    isSealedPayload(delivery.payload) ? { ...delivery, payload: openPayload(await boxOf(delivery.appId), delivery.payload) } : delivery
  return override(store, {
    enqueue: async (deliveries) =>
      store.enqueue(await Promise.all(deliveries.map(async (delivery) => ({ ...delivery, payload: sealPayload(await boxOf(delivery.appId), delivery.payload) })))),
    claimDue: async (now, limit, leaseMs) => Promise.all((await store.claimDue(now, limit, leaseMs)).map(open)),
    getDelivery: async (appId, webhookId, deliveryId) => {
      const delivery = await store.getDelivery(appId, webhookId, deliveryId)
      return delivery && open(delivery)
    },
    listDeliveries: async (appId, webhookId, options) => Promise.all((await store.listDeliveries(appId, webhookId, options)).map(open)),
  })
}

/** The push store with each queued notification's payload (title, the message preview) sealed with the app's data key. */
export function sealedPushStore(store: PushStore, boxOf: BoxOf): PushStore {
  const open = async (job: PushJobRecord): Promise<PushJobRecord> =>
    job.payload.startsWith('a1:') ? { ...job, payload: (await boxOf(job.appId)).decrypt(job.payload) } : job
  return override(store, {
    enqueue: async (jobs) => store.enqueue(await Promise.all(jobs.map(async (job) => ({ ...job, payload: (await boxOf(job.appId)).encrypt(job.payload) })))),
    claimDue: async (now, limit, leaseMs) => Promise.all((await store.claimDue(now, limit, leaseMs)).map(open)),
    listJobs: async (appId, query) => Promise.all((await store.listJobs(appId, query)).map(open)),
  })
}

/** How sealed tool-call arguments are kept in their JSON column. */
interface SealedArguments {
  sealed: string
}

const isSealedArguments = (value: unknown): value is SealedArguments =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as { sealed?: unknown }).sealed === 'string' && (value as SealedArguments).sealed.startsWith('a1:')

/** Opens tool-call arguments sealed by {@link sealedToolStore}; anything else is answered as it is. */
export function openArguments(box: Pick<AppSecretBox, 'decrypt'>, value: unknown): unknown {
  return isSealedArguments(value) ? (JSON.parse(box.decrypt(value.sealed)) as unknown) : value
}

/** The tool store with each call's arguments (what the model sent the tool: order numbers, addresses…) sealed with the app's data key. */
export function sealedToolStore(store: ToolStore, boxOf: BoxOf): ToolStore {
  const open = async (call: ToolCallRecord | undefined): Promise<ToolCallRecord | undefined> =>
    call && isSealedArguments(call.arguments) ? { ...call, arguments: openArguments(await boxOf(call.appId), call.arguments) as Record<string, unknown> } : call
  return override(store, {
    createCall: async (call) => store.createCall({ ...call, arguments: { sealed: (await boxOf(call.appId)).encrypt(JSON.stringify(call.arguments)) } }),
    getCall: async (appId, callId) => open(await store.getCall(appId, callId)),
    listCalls: async (appId, filter) => Promise.all((await store.listCalls(appId, filter)).map(async (call) => (await open(call))!)),
    updateCall: async (appId, callId, patch) => open(await store.updateCall(appId, callId, patch)),
    decideCall: async (appId, callId, decision) => open(await store.decideCall(appId, callId, decision)),
  })
}

/** A record of the export's support part with one text field opened. */
async function openSupportText<T>(record: T, field: string, open: (text: string | null) => Promise<string | null>): Promise<T> {
  const value = record && typeof record === 'object' ? (record as Record<string, unknown>)[field] : undefined
  return typeof value === 'string' ? { ...record, [field]: await open(value) } : record
}

/**
 * The compliance store seeing through what the other decorators sealed: an export opens the
 * sealed tool-call arguments, support summaries and CSAT comments, and erasure finds sealed webhook payloads naming the user by their
 * blind mark.
 */
export function sealedComplianceStore(store: ComplianceStore, boxOf: BoxOf): ComplianceStore {
  return override(store, {
    supportAndToolsOf: async (appId, userId) => {
      const [box, found] = await Promise.all([boxOf(appId), store.supportAndToolsOf(appId, userId)])
      return {
        ...found,
        // Support summaries and CSAT comments are sealed too (`sealed-support.ts`): an export reads them opened.
        supportStates: await Promise.all(found.supportStates.map(async (state) => openSupportText(state, 'summary', (text) => openText(boxOf, appId, text)))),
        csat: await Promise.all(found.csat.map(async (answer) => openSupportText(answer, 'comment', (text) => openText(boxOf, appId, text)))),
        toolCalls: found.toolCalls.map((call) => {
          const record = call as { arguments?: unknown }
          return record && typeof record === 'object' && 'arguments' in record ? { ...record, arguments: openArguments(box, record.arguments) } : call
        }),
      }
    },
    deleteDeliveriesNaming: async (appId, userId, marks = []) => store.deleteDeliveriesNaming(appId, userId, [...marks, subjectMark(await boxOf(appId), userId)]),
  })
}
