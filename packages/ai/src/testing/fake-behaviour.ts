/**
 * What the fake OpenAI server does for one request, and the queue that hands behaviours out.
 */

/** The endpoints a behaviour can apply to. */
export type FakeEndpoint = 'chat' | 'embeddings'

/**
 * One scripted answer. Every field is optional: `{}` answers like the default reply.
 *
 * @example
 * ```ts
 * server.script([
 *   { status: 429, retryAfter: 1 },                     // first chat request: rate limited
 *   { reply: 'Hi there', tokenIntervalMs: 5 },          // second: streams "Hi there" slowly
 *   { model: 'backup', reply: 'from backup', times: Infinity },
 * ])
 * ```
 */
export interface FakeBehaviour {
  /** Which endpoint this applies to (default `chat`). */
  endpoint?: FakeEndpoint
  /** Only requests naming this model match (default: any model). */
  model?: string
  /** How many requests this behaviour answers before it is used up (default 1; `Infinity` for all). */
  times?: number
  /** The assistant's text (default: the server's default reply). */
  reply?: string
  /** The exact stream chunks; their concatenation is the reply. Default: the reply split into tokens. */
  chunks?: string[]
  /** Answer with this HTTP status and an OpenAI-shaped error body instead of a completion. */
  status?: number
  /** Answer `307 Temporary Redirect` (or `redirectStatus`) to this URL instead of a completion. */
  redirectTo?: string
  /** The status of a `redirectTo` answer (default 307). */
  redirectStatus?: 301 | 302 | 303 | 307 | 308
  /** The error message of a `status` answer. */
  errorMessage?: string
  /** The error `code` of a `status` answer (e.g. `insufficient_quota`, `invalid_api_key`). */
  errorCode?: string
  /** Sent as the `Retry-After` header (seconds, or an HTTP date string). */
  retryAfter?: number | string
  /** Milliseconds to wait before the response headers (and so before the first token). */
  delayMs?: number
  /** Milliseconds between stream chunks (a non-streaming answer waits for all of them). */
  tokenIntervalMs?: number
  /** Stream chunks per second; overrides `tokenIntervalMs`. */
  tokensPerSecond?: number
  /** Never answer: the request stays open until the client gives up or the server closes. */
  hang?: boolean
  /** Stream this many chunks, then stall forever (an upstream that stops mid-answer). */
  hangAfterChunks?: number
  /** Stream this many chunks, then cut the connection (a network failure mid-answer). */
  disconnectAfterChunks?: number
  /**
   * Stream this many chunks, then send an error event (`data: {"error": {...}}` with
   * `errorMessage`) and end the stream, as providers do when they fail mid-answer.
   */
  errorAfterChunks?: number
  /**
   * Answer with these tool calls (OpenAI `tool_calls`, finish reason `tool_calls`) instead of text;
   * streamed, each call's arguments arrive in several `delta.tool_calls` chunks, as OpenAI sends them.
   * `arguments` may be a value (sent as its JSON) or JSON text as it is; `id` defaults to `call_<n>`.
   */
  toolCalls?: FakeToolCall[]
  /** The finish reason reported (default `stop`, or `tool_calls` with `toolCalls`). */
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls'
  /** Usage numbers to report instead of the counted ones. */
  usage?: { promptTokens?: number; completionTokens?: number }
}

/** One tool call a scripted answer makes. */
export interface FakeToolCall {
  id?: string
  name: string
  arguments: unknown
}

/** A FIFO of behaviours; the first one matching a request's endpoint and model is used. */
export class BehaviourQueue {
  private entries: Array<{ behaviour: FakeBehaviour; remaining: number }> = []

  /** Appends behaviours to the queue. */
  push(behaviours: readonly FakeBehaviour[]): void {
    for (const behaviour of behaviours) this.entries.push({ behaviour, remaining: behaviour.times ?? 1 })
  }

  /** Takes the first behaviour matching the request, or undefined when none does. */
  take(endpoint: FakeEndpoint, model: string | undefined): FakeBehaviour | undefined {
    const index = this.entries.findIndex(
      ({ behaviour }) =>
        (behaviour.endpoint ?? 'chat') === endpoint && (behaviour.model === undefined || behaviour.model === model),
    )
    const entry = this.entries[index]
    if (entry === undefined) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.entries.splice(index, 1)
    return entry.behaviour
  }

  /** How many behaviours are still queued (an `Infinity` one counts once). */
  get size(): number {
    return this.entries.length
  }

  /** Empties the queue. */
  clear(): void {
    this.entries = []
  }
}
