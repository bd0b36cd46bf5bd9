/**
 * `@warbler/sdk/server`: REST helpers for app backends (Node, Deno, Bun, edge runtimes: anything
 * with `fetch`). Holds the app secret, so never bundle it into a browser app.
 *
 * @example
 * ```ts
 * import { WarblerServerApi } from '@warbler/sdk/server'
 * const api = new WarblerServerApi({ url: 'http://localhost:8080', appId, secret })
 * await api.users.create({ id: 'alice', name: 'Alice' })
 * const { token } = await api.users.createToken('alice', { ttlSeconds: 3600 })
 * const { items, next } = await api.bots.list()
 * ```
 *
 * Verify a webhook delivery before trusting it:
 * ```ts
 * import { verifyWebhookSignature } from '@warbler/sdk/server'
 * const ok = await verifyWebhookSignature(request.headers['warbler-signature'], rawBody, webhookSecret)
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
  SUPPORT_OPERATIONS,
} from './server/warbler-server-api.js'
export { verifyWebhookSignature } from './server/webhook-signature.js'
export { eachItem, type Page } from './server/pages.js'
export type { ArgsOf, BodyOf, InputOf, MultipartOf, OperationId, OperationInfo, OperationMethod, QueryOf, ResultOf } from './server/operation-types.js'
export type { UploadInput } from './server/operation.js'
export type { ServerFetch } from './server/server-http.js'
export type { components as RestSchemas, operations as RestOperations } from './server/openapi-types.js'
export * from './support/index.js'
export { restCaller, type RestCall } from './rest-call.js'
export { WarblerError } from '@warbler/protocol'
