import {
  WarblerError,
  type AppWithSecret,
  type Conversation,
  type CreateGroupRequest,
  type CreateTokenRequest,
  type CreateUserRequest,
  type RevokeTokensResponse,
  type SendMessageRequest,
  type SendMessageResponse,
  type TokenResponse,
  type User,
} from '@warbler/protocol'
import { restCaller, type FetchLike, type RestCall } from '../rest-call.js'
import { SupportApi } from '../support/support-api.js'

/** The input type of a protocol schema (what may be sent: defaults optional). */
type Input<Schema extends { _input: unknown }> = Schema['_input']
/** The output type of a protocol schema (what comes back). */
type Output<Schema extends { _output: unknown }> = Schema['_output']

/** `POST /users` body. */
export type CreateUserInput = Input<typeof CreateUserRequest>
/** `POST /users/{userId}/tokens` body. */
export type CreateTokenInput = Input<typeof CreateTokenRequest>
/** A user token and when it expires (unix ms). */
export type TokenResult = Output<typeof TokenResponse>
/** The answer to a token revocation. */
export type RevokeTokensResult = Output<typeof RevokeTokensResponse>
/** `POST /groups` body. */
export type CreateGroupInput = Input<typeof CreateGroupRequest>
/** `POST /messages` body: `from`, and exactly one of `conversationId` and `to`. */
export type SendMessageInput = Input<typeof SendMessageRequest>
/** Where a message sent through REST landed. */
export type SendMessageResult = Output<typeof SendMessageResponse>
/** An app with its secret (unused here, re-exported for app backends). */
export type AppWithSecretResult = Output<typeof AppWithSecret>

/** The subset of `fetch` this class uses. */
export type { FetchLike }

/** Options of {@link WarblerServerApi}. */
export interface WarblerServerApiOptions {
  /** The server address, `http(s)://host[:port]`. */
  url: string
  appId: string
  /** The app secret. Keep it on your backend: never ship it to a browser. */
  secret: string
  /** The fetch implementation (default: the global one). */
  fetch?: FetchLike
}

/**
 * REST helpers for app backends: create users, mint and revoke their tokens, create groups, send
 * messages as any user. Errors are thrown as {@link WarblerError} with the server's code.
 *
 * @example
 * ```ts
 * import { WarblerServerApi } from '@warbler/sdk/server'
 * const api = new WarblerServerApi({ url: 'http://localhost:8080', appId, secret })
 * await api.createUser({ id: 'alice', name: 'Alice' })
 * const { token } = await api.createToken('alice', { ttlSeconds: 3600 })
 * ```
 */
export class WarblerServerApi {
  readonly #call: RestCall

  /** Customer service: agents, the queue, take/assign/snooze/resolve, replies, notes, CSAT, analytics. */
  readonly support: SupportApi

  constructor(options: WarblerServerApiOptions) {
    const base = `${options.url.replace(/\/+$/, '')}/api/v1/apps/${encodeURIComponent(options.appId)}`
    const given = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch
    if (!given) throw new WarblerError('bad_request', 'No fetch implementation: pass the `fetch` option.')
    this.#call = restCaller({ base, credential: () => options.secret, fetch: given })
    this.support = new SupportApi(this.#call)
  }

  /** Creates a user (`id` optional: the server makes one). */
  createUser(input: CreateUserInput): Promise<User> {
    return this.#call('POST', '/users', input)
  }

  /** Mints a token for a user, to hand to their client. */
  createToken(userId: string, input: CreateTokenInput = {}): Promise<TokenResult> {
    return this.#call('POST', `/users/${encodeURIComponent(userId)}/tokens`, input)
  }

  /** Revokes every token of a user minted before now; their connections are closed. */
  revokeTokens(userId: string): Promise<RevokeTokensResult> {
    return this.#call('DELETE', `/users/${encodeURIComponent(userId)}/tokens`)
  }

  /** Creates a group conversation. */
  createGroup(input: CreateGroupInput): Promise<Conversation> {
    return this.#call('POST', '/groups', input)
  }

  /** Sends a message as `from`, to a conversation or (direct) to a user. */
  sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    return this.#call('POST', '/messages', input)
  }
}
