/**
 * `@warbler/protocol`: the contract between Warbler's server, SDK and web app.
 * Wire frames, REST shapes (zod), the error-code table and default limits. No runtime besides zod.
 *
 * @example
 * ```ts
 * import { ClientFrame, WarblerError } from '@warbler/protocol'
 * const parsed = ClientFrame.safeParse(JSON.parse(text))
 * if (!parsed.success) throw new WarblerError('validation_failed')
 * ```
 */
export const PROTOCOL_VERSION = 1

export * from './error-codes.js'
export * from './warbler-error.js'
export * from './issue-code.js'
export * from './limits.js'
export * from './json-shape.js'
export * from './ids.js'
export * from './message-body.js'
export * from './models.js'
export * from './frames.js'
export * from './rest.js'
export * from './rest-webhooks.js'
export * from './rest-files.js'
export * from './push.js'
export * from './support.js'
export * from './people.js'
