/**
 * `@warbler/sdk/server`: REST helpers for app backends (Node, Deno, Bun, edge runtimes: anything
 * with `fetch`). Holds the app secret, so never bundle it into a browser app.
 *
 * @example
 * ```ts
 * import { WarblerServerApi } from '@warbler/sdk/server'
 * const api = new WarblerServerApi({ url: 'http://localhost:8080', appId, secret })
 * const { token } = await api.createToken('alice')
 * const { conversations } = await api.support.list({ status: 'queued' })
 * ```
 */
export {
  WarblerServerApi,
  type AppWithSecretResult,
  type CreateGroupInput,
  type CreateTokenInput,
  type CreateUserInput,
  type FetchLike,
  type RevokeTokensResult,
  type SendMessageInput,
  type SendMessageResult,
  type TokenResult,
  type WarblerServerApiOptions,
} from './server/warbler-server-api.js'
export * from './support/index.js'
export { restCaller, type RestCall } from './rest-call.js'
export { WarblerError } from '@warbler/protocol'
