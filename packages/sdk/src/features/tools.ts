import { WarblerError } from '@warbler/protocol'
import { restCaller, type FetchLike } from '../rest-call.js'

/** What a `tool.confirm` message carries in `body.data` (a bot asks before a `write` tool runs). */
export interface ToolConfirmData {
  toolCallId: string
  /** The tool's name, e.g. `cancelOrder`. */
  tool: string
  /** The exact arguments that will be sent. */
  arguments: Record<string, unknown>
  /** One line of what will happen, e.g. `cancelOrder: POST https://shop.example.com/orders/A-1001`. */
  summary: string
  /** When the question expires (epoch ms). */
  expiresAt?: number
}

/** The user's answer to a confirmation. */
export interface ToolDecision {
  approve: boolean
  /**
   * The arguments the user was shown (`data.arguments`). When given, the server runs the call only
   * if they are exactly the stored ones, so a yes never covers something else.
   */
  arguments?: Record<string, unknown>
}

/** A tool call's audit record as the decision route answers it. */
export interface ToolCallRecord {
  id: string
  toolId: string
  tool: string
  botId: string
  userId: string
  conversationId: string
  risk: 'read' | 'write'
  arguments: Record<string, unknown>
  argumentsHash: string
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'declined' | 'expired' | 'refused'
  approval: 'not_required' | 'pending' | 'approved' | 'declined' | 'expired'
  httpStatus: number | null
  latencyMs: number | null
  error: string | null
  confirmSeq: number | null
  expiresAt: number | null
  decidedAt: number | null
  createdAt: number
  updatedAt: number
}

/** What deciding needs from the client, read at call time (the token may have been refreshed). */
export interface ToolsContext {
  url: string
  appId: string | undefined
  userId: string | undefined
  /** The token the client was given, if any. */
  token: string | undefined
  /** The client's `getToken`, asked when there is no token or the server says it expired. */
  getToken: (() => string | Promise<string>) | undefined
  fetch?: FetchLike
}

// Called through a wrapper: a browser's fetch throws "Illegal invocation" when called as another object's method.
const browserSafeFetch: FetchLike = (url, init) => globalThis.fetch(url, init)

/** Reads a `tool.confirm` message body; undefined when the body is not one. */
export function toolConfirmOf(body: { type: string; customType?: string; data?: unknown } | undefined): ToolConfirmData | undefined {
  if (body?.type !== 'custom' || body.customType !== 'tool.confirm') return undefined
  const data = body.data as Partial<ToolConfirmData> | undefined
  if (!data || typeof data.toolCallId !== 'string' || typeof data.tool !== 'string') return undefined
  const args = typeof data.arguments === 'object' && data.arguments !== null ? data.arguments : {}
  return { toolCallId: data.toolCallId, tool: data.tool, arguments: args, summary: typeof data.summary === 'string' ? data.summary : data.tool, ...(typeof data.expiresAt === 'number' ? { expiresAt: data.expiresAt } : {}) }
}

/**
 * `client.tools`: the signed-in user's answers to a bot's `tool.confirm` questions, over REST with
 * the user's own token. Only the user who was asked may answer, once, before it expires; the server
 * refuses anything else (`forbidden`, `conflict`).
 *
 * @example
 * ```ts
 * client.on('message', async (m) => {
 *   const confirm = toolConfirmOf(m.body)
 *   if (confirm && (await askTheUser(confirm.summary))) {
 *     const call = await client.tools.decide(confirm.toolCallId, { approve: true, arguments: confirm.arguments })
 *     // call.status: 'succeeded' | 'failed' …; the bot also posts the outcome to the conversation
 *   }
 * })
 * ```
 */
export class ToolsFeature {
  constructor(private readonly context: () => ToolsContext) {}

  /** Approves or declines a pending tool call as this user; resolves with the call's record. */
  async decide(toolCallId: string, decision: ToolDecision): Promise<ToolCallRecord> {
    const { url, appId, userId, token, getToken, fetch: fetchLike } = this.context()
    if (!appId || !userId) throw new Error('Connect first: the app and user come from the server’s welcome.')
    let fresh: string | undefined
    const credential = async () => (fresh ??= token ?? (getToken ? await getToken() : undefined)) ?? ''
    const call = restCaller({ base: `${url.replace(/\/$/, '')}/api/v1/apps/${encodeURIComponent(appId)}`, credential, fetch: fetchLike ?? browserSafeFetch })
    const path = `/tool-calls/${encodeURIComponent(toolCallId)}/decision`
    const body = { userId, approve: decision.approve, ...(decision.arguments ? { arguments: decision.arguments } : {}) }
    try {
      return await call<ToolCallRecord>('POST', path, body)
    } catch (error) {
      // The client's first token may have expired since it connected: ask getToken once more.
      if (!(getToken && WarblerError.isInstance(error) && (error.code === 'token_expired' || error.code === 'invalid_credentials' || error.code === 'unauthenticated'))) throw error
      fresh = await getToken()
      return call<ToolCallRecord>('POST', path, body)
    }
  }
}
