import {
  WarblerError,
  type AppWithSecret,
  type Conversation,
  type CreateGroupRequest,
  type CreateTokenRequest,
  type CreateUserRequest,
  type ErrorCode,
  type RevokeTokensResponse,
  type SendMessageRequest,
  type SendMessageResponse,
  type TokenResponse,
  type User,
} from '@warbler/protocol'

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
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>

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
  readonly #base: string
  readonly #secret: string
  readonly #fetch: FetchLike

  constructor(options: WarblerServerApiOptions) {
    this.#base = `${options.url.replace(/\/+$/, '')}/api/v1/apps/${encodeURIComponent(options.appId)}`
    this.#secret = options.secret
    const given = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch
    if (!given) throw new WarblerError('bad_request', 'No fetch implementation: pass the `fetch` option.')
    this.#fetch = given
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

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#secret}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Awaited<ReturnType<FetchLike>>
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch (cause) {
      throw new WarblerError('unavailable', `Cannot reach ${this.#base}: ${String(cause)}`, { cause })
    }
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error
      if (error) throw WarblerError.fromBody(error)
      throw new WarblerError(codeForStatus(response.status), `HTTP ${response.status}: ${text.slice(0, 200)}`)
    }
    return parsed as T
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request'
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  if (status === 503) return 'unavailable'
  if (status === 504) return 'timeout'
  return 'internal'
}
