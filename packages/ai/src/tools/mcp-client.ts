import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { WarblerError } from '@warbler/protocol'
import { guardedFetch, type AddressPolicy } from '../net/index.js'
import type { JsonSchema, ToolRisk } from './tool-types.js'

/**
 * The `_meta` key of an MCP `tools/call` request that carries the `Warbler-Identity` JWT: one
 * connection serves every user, so who is asking travels with each call rather than as a header.
 */
export const MCP_IDENTITY_META = 'io.warbler/identity'

/** A tool an MCP server offers, as Warbler keeps it. */
export interface McpToolInfo {
  /** The tool's name on the server. */
  name: string
  description: string
  parameters: JsonSchema
  /** `read` when the server marks it read-only (`annotations.readOnlyHint`), else `write`. */
  risk: ToolRisk
}

/** What a call answered: the text parts joined (structured content as JSON), and whether it is an error. */
export interface McpCallResult {
  text: string
  isError: boolean
}

/** Options of {@link connectMcp}. */
export interface McpConnectOptions {
  /** The server's Streamable HTTP endpoint. */
  url: string
  /** Sent with every request (e.g. `Authorization: Bearer …`); never logged. */
  headers?: Record<string, string>
  /** The outbound policy every request (and the notification stream) goes through. */
  policy: AddressPolicy
  /** Time for one request, in ms (default 30 s). */
  timeoutMs?: number
  /** Called with the new list after the server announced `notifications/tools/list_changed`. */
  onToolsChanged?: (tools: McpToolInfo[]) => void
}

/** A connected MCP server. */
export interface McpConnection {
  listTools(): Promise<McpToolInfo[]>
  /** `meta` goes in the request's `_meta` (Warbler puts the identity token there, under {@link MCP_IDENTITY_META}). */
  callTool(name: string, args: Record<string, unknown>, options?: { abortSignal?: AbortSignal; timeoutMs?: number; meta?: Record<string, unknown> }): Promise<McpCallResult>
  close(): Promise<void>
}

type ListedTool = Awaited<ReturnType<Client['listTools']>>['tools'][number]

function toInfo(tool: ListedTool): McpToolInfo {
  return {
    name: tool.name,
    description: (tool.description ?? tool.title ?? tool.name).slice(0, 1024),
    parameters: (tool.inputSchema ?? { type: 'object' }) as JsonSchema,
    risk: tool.annotations?.readOnlyHint === true ? 'read' : 'write',
  }
}

/** The text of a tool result: text parts joined, other parts named, structured content as JSON. */
function resultText(result: Awaited<ReturnType<Client['callTool']>>): string {
  if (Array.isArray(result.content) && result.content.length > 0) {
    return result.content
      .map((part) => (part.type === 'text' ? part.text : part.type === 'resource' ? JSON.stringify(part.resource) : `[${part.type}]`))
      .join('\n')
  }
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent)
  if ('toolResult' in result) return JSON.stringify(result.toolResult)
  return ''
}

/**
 * Connects to an MCP server over Streamable HTTP with the official SDK client. Every request goes
 * through the guarded client (the policy is checked on each, so a server cannot move itself to a
 * private address); the notification stream stays open so `tools/list_changed` refreshes the
 * list (`onToolsChanged`). Connection failures reject with `upstream_failed` (or the guard's
 * `forbidden` / `timeout`).
 *
 * @example
 * ```ts
 * const mcp = await connectMcp({ url: 'https://tools.example.com/mcp', headers: { authorization: 'Bearer …' }, policy })
 * const tools = await mcp.listTools()
 * const { text } = await mcp.callTool('lookup_order', { orderId: 'A-1001' })
 * ```
 */
export async function connectMcp(options: McpConnectOptions): Promise<McpConnection> {
  const timeoutMs = options.timeoutMs ?? 30_000
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: options.headers ?? {} },
    // The GET stream carries server notifications for as long as the connection lives; requests get the timeout.
    fetch: (url, init) => guardedFetch(url, init, { policy: options.policy, timeoutMs: (init?.method ?? 'GET') === 'GET' ? 24 * 3600_000 : timeoutMs }),
    reconnectionOptions: { maxReconnectionDelay: 30_000, initialReconnectionDelay: 1000, reconnectionDelayGrowFactor: 2, maxRetries: 3 },
  })
  const client = new Client(
    { name: 'warbler', version: '1.0.0' },
    {
      listChanged: {
        tools: {
          debounceMs: 50,
          onChanged: (error, tools) => {
            if (!error && tools) options.onToolsChanged?.(tools.map(toInfo))
          },
        },
      },
    },
  )
  try {
    await client.connect(transport, { timeout: timeoutMs })
  } catch (error) {
    await client.close().catch(() => {})
    if (WarblerError.isInstance(error)) throw error
    throw new WarblerError('upstream_failed', `The MCP server did not connect: ${(error as Error).message}`.slice(0, 300))
  }
  return {
    async listTools() {
      const tools: McpToolInfo[] = []
      let cursor: string | undefined
      for (let page = 0; page < 20; page++) {
        const listed = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs })
        tools.push(...listed.tools.map(toInfo))
        cursor = listed.nextCursor
        if (!cursor) break
      }
      return tools
    },
    async callTool(name, args, callOptions = {}) {
      const result = await client.callTool({ name, arguments: args, ...(callOptions.meta ? { _meta: callOptions.meta } : {}) }, undefined, {
        timeout: callOptions.timeoutMs ?? timeoutMs,
        ...(callOptions.abortSignal ? { signal: callOptions.abortSignal } : {}),
      })
      return { text: resultText(result), isError: result.isError === true }
    },
    close: () => client.close(),
  }
}
