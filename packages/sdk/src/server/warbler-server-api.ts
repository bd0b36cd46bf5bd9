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
import { restCaller } from '../rest-call.js'
import { SupportApi } from '../support/support-api.js'
import { knowledgeBasesResource, documentsResource, sourcesResource, curationsResource, botsResource, toolsResource, feedbackResource, evalsResource, knowledgeGapsResource } from './ai-resources.js'
import { appResource, webhooksResource, beforeSendHookResource, filesResource, pushResource, complianceResource, agentPresenceResource } from './app-resources.js'
import { usersResource, friendsResource, blocksResource, groupsResource, conversationsResource, messagesResource } from './im-resources.js'
import { serverCaller, type ServerCall, type ServerFetch } from './server-http.js'

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
export type FetchLike = ServerFetch

/** Options of {@link WarblerServerApi}. */
export interface WarblerServerApiOptions {
  /** The server address, `http(s)://host[:port]`. */
  url: string
  appId: string
  /** The app secret. Keep it on your backend: never ship it to a browser. */
  secret: string
  /** The fetch implementation (default: the global one). */
  fetch?: FetchLike
  /**
   * How many times a call answered 429 waits for `Retry-After` and tries again before throwing
   * `rate_limited` (default 0: throw at once, with `details.retryAfterMs`).
   */
  rateLimitRetries?: number
  /** Called on every 429, retried or not: log it, or slow your own sending down. */
  onRateLimited?: (info: { path: string; retryAfterMs: number | undefined; attempt: number }) => void
}

/**
 * The REST API for app backends, one namespace per resource, every method typed from the OpenAPI
 * document (`src/server/openapi-types.ts`, generated). Lists answer `{ items, next }`; times are
 * epoch milliseconds. Errors are thrown as {@link WarblerError} with the server's code.
 *
 * @example
 * ```ts
 * import { WarblerServerApi } from '@warbler/sdk/server'
 * const api = new WarblerServerApi({ url: 'http://localhost:8080', appId, secret })
 * await api.users.create({ id: 'alice', name: 'Alice' })
 * const { token } = await api.users.createToken('alice', { ttlSeconds: 3600 })
 * const { items, next } = await api.users.list({ limit: 50 })
 * ```
 */
export class WarblerServerApi {
  readonly #call: ServerCall

  /** Users, their tokens, conversation lists and message search. */
  readonly users: ReturnType<typeof usersResource>
  /** Friends of a user. */
  readonly friends: ReturnType<typeof friendsResource>
  /** Blocks between users. */
  readonly blocks: ReturnType<typeof blocksResource>
  /** Groups and their members. */
  readonly groups: ReturnType<typeof groupsResource>
  /** Conversations, their members and history. */
  readonly conversations: ReturnType<typeof conversationsResource>
  /** Send (as any user), edit, recall, react. */
  readonly messages: ReturnType<typeof messagesResource>
  /** The app's secret, settings and identity secret. */
  readonly app: ReturnType<typeof appResource>
  /** Webhooks and their delivery log. */
  readonly webhooks: ReturnType<typeof webhooksResource>
  /** The before-send hook. */
  readonly beforeSendHook: ReturnType<typeof beforeSendHookResource>
  /** File uploads and signed URLs. */
  readonly files: ReturnType<typeof filesResource>
  /** Push devices, preferences, credentials and deliveries. */
  readonly push: ReturnType<typeof pushResource>
  /** Erasure, exports, retention, legal holds. */
  readonly compliance: ReturnType<typeof complianceResource>
  /** Knowledge bases and search. */
  readonly knowledgeBases: ReturnType<typeof knowledgeBasesResource>
  /** Documents of knowledge bases. */
  readonly documents: ReturnType<typeof documentsResource>
  /** Sources that keep a knowledge base in sync. */
  readonly sources: ReturnType<typeof sourcesResource>
  /** Curated passages. */
  readonly curations: ReturnType<typeof curationsResource>
  /** Bots and their A/B variants. */
  readonly bots: ReturnType<typeof botsResource>
  /** Tools bots call, MCP servers, the call audit. */
  readonly tools: ReturnType<typeof toolsResource>
  /** Ratings of bot answers. */
  readonly feedback: ReturnType<typeof feedbackResource>
  /** Eval sets, runs and the price table. */
  readonly evals: ReturnType<typeof evalsResource>
  /** Questions the bots could not answer well, grouped. */
  readonly knowledgeGaps: ReturnType<typeof knowledgeGapsResource>
  /** Console windows of agents. */
  readonly agentPresence: ReturnType<typeof agentPresenceResource>
  /** Customer service: agents, the queue, take/assign/snooze/resolve, replies, notes, CSAT, analytics. */
  readonly support: SupportApi

  constructor(options: WarblerServerApiOptions) {
    const base = `${options.url.replace(/\/+$/, '')}/api/v1/apps/${encodeURIComponent(options.appId)}`
    const given = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch
    if (!given) throw new WarblerError('bad_request', 'No fetch implementation: pass the `fetch` option.')
    const call = serverCaller({
      base,
      secret: options.secret,
      fetch: given,
      ...(options.rateLimitRetries === undefined ? {} : { rateLimitRetries: options.rateLimitRetries }),
      ...(options.onRateLimited ? { onRateLimited: options.onRateLimited } : {}),
    })
    this.#call = call
    this.users = usersResource(call)
    this.friends = friendsResource(call)
    this.blocks = blocksResource(call)
    this.groups = groupsResource(call)
    this.conversations = conversationsResource(call)
    this.messages = messagesResource(call)
    this.app = appResource(call)
    this.webhooks = webhooksResource(call)
    this.beforeSendHook = beforeSendHookResource(call)
    this.files = filesResource(call)
    this.push = pushResource(call)
    this.compliance = complianceResource(call)
    this.knowledgeBases = knowledgeBasesResource(call)
    this.documents = documentsResource(call)
    this.sources = sourcesResource(call)
    this.curations = curationsResource(call)
    this.bots = botsResource(call)
    this.tools = toolsResource(call)
    this.feedback = feedbackResource(call)
    this.evals = evalsResource(call)
    this.knowledgeGaps = knowledgeGapsResource(call)
    this.agentPresence = agentPresenceResource(call)
    this.support = new SupportApi(restCaller({ base, credential: () => options.secret, fetch: given }))
  }

  /** Creates a user (`id` optional: the server makes one). Same as `users.create`. */
  createUser(input: CreateUserInput): Promise<User> {
    return this.#call({ method: 'POST', path: '/users', body: input }) as Promise<User>
  }

  /** Mints a token for a user, to hand to their client. Same as `users.createToken`. */
  createToken(userId: string, input: CreateTokenInput = {}): Promise<TokenResult> {
    return this.#call({ method: 'POST', path: `/users/${encodeURIComponent(userId)}/tokens`, body: input }) as Promise<TokenResult>
  }

  /** Revokes every token of a user minted before now; their connections are closed. Same as `users.revokeTokens`. */
  revokeTokens(userId: string): Promise<RevokeTokensResult> {
    return this.#call({ method: 'DELETE', path: `/users/${encodeURIComponent(userId)}/tokens` }) as Promise<RevokeTokensResult>
  }

  /** Creates a group conversation. Same as `groups.create`. */
  createGroup(input: CreateGroupInput): Promise<Conversation> {
    return this.#call({ method: 'POST', path: '/groups', body: input }) as Promise<Conversation>
  }

  /** Sends a message as `from`, to a conversation or (direct) to a user. Same as `messages.send`. */
  sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    return this.#call({ method: 'POST', path: '/messages', body: input }) as Promise<SendMessageResult>
  }
}

/**
 * The REST operations `api.support` ({@link SupportApi}) calls, by operationId, with the method of it
 * that does: the coverage test checks every app-secret operation has an SDK method, these included.
 */
export const SUPPORT_OPERATIONS = {
  setAgent: 'setAgent',
  deleteAgent: 'removeAgent',
  listAgents: 'agents',
  handOffConversation: 'handoff',
  getConversationSupport: 'state',
  updateConversationSupport: 'update',
  listSupportConversations: 'list',
  createConversationNote: 'addNote',
  listConversationNotes: 'notes',
  createConversationCsat: 'rate',
  listSupportCannedReplies: 'cannedReplies',
  createSupportCannedReply: 'createCannedReply',
  updateSupportCannedReply: 'updateCannedReply',
  deleteSupportCannedReply: 'deleteCannedReply',
  getSupportSettings: 'settings',
  setSupportSettings: 'updateSettings',
  getSupportAnalytics: 'analytics',
} as const satisfies Record<string, keyof SupportApi>
