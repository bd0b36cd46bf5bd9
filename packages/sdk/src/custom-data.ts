import type { Ext, MessageBody as WireMessageBody } from '@warbler/protocol'
import type { ToolConfirmData } from './features/tools.js'

/**
 * The `data` of each `custom` message type your app sends, by `customType`. Empty by default, so
 * any `customType` with `data: unknown` type-checks; augment it and `custom` bodies are typed
 * everywhere the SDK hands them out or takes them in (`send`, `message` events, history, the
 * conversation list, `@warbler/react`).
 *
 * @example
 * ```ts
 * declare module '@warbler/sdk' {
 *   interface CustomMessageData {
 *     'order.card': { orderId: string; total: number }
 *   }
 * }
 * await client.send(id, { type: 'custom', customType: 'order.card', data: { orderId: 'A-1', total: 12 } })
 * client.on('message', (m) => {
 *   if (m.body?.type === 'custom' && m.body.customType === 'order.card') console.log(m.body.data.orderId)
 * })
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CustomMessageData {}

/**
 * The fields your app keeps in a message's `ext`. Augment it like {@link CustomMessageData}; the
 * fields are optional on messages (others' clients may not set them) and typed on `send`.
 *
 * @example
 * ```ts
 * declare module '@warbler/sdk' {
 *   interface CustomMessageExt { priority: 'low' | 'high' }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CustomMessageExt {}

/** Custom types the server itself sends (a bot asking before a `write` tool runs). */
export interface BuiltInCustomMessageData {
  'tool.confirm': ToolConfirmData
}

type WireCustomBody = Extract<WireMessageBody, { type: 'custom' }>
type Registered = CustomMessageData & BuiltInCustomMessageData

/**
 * A `custom` message body: one variant per `customType` of {@link CustomMessageData} (and the
 * built-in ones) once the app augments it, else any `customType` with `data: unknown`.
 */
export type CustomMessageBody = [keyof CustomMessageData] extends [never]
  ? WireCustomBody
  : { [K in keyof Registered & string]: { type: 'custom'; customType: K; data: Registered[K] } }[keyof Registered & string]

/** A message body as the SDK hands it out and takes it in: the wire's, with `custom` typed by {@link CustomMessageData}. */
export type MessageBody = Exclude<WireMessageBody, { type: 'custom' }> | CustomMessageBody

/** A message's `ext`: free-form JSON, with the fields of {@link CustomMessageExt} typed. */
export type MessageExt = Ext & Partial<CustomMessageExt>
