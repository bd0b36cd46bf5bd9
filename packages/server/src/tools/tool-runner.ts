import { WarblerError } from '@warbler/protocol'
import { MCP_IDENTITY_META, type HttpToolExecutor } from '@warbler/ai/tools'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { Logger } from '../observability/logger.js'
import type { ToolCallRecord, ToolRecord, ToolStore } from '../storage/tool-store.js'
import type { IdentityKeys } from './identity-keys.js'
import type { McpConnections } from './mcp-connections.js'
import { openHeaders } from './tool-secrets.js'

/** What a call gave back: the text the model reads, and the audit record as it ended. */
export interface ToolRunResult {
  text: string
  call: ToolCallRecord
}

/** An error as the audit record and the model may see it: the guard's words, never a header. */
function describeError(error: unknown): string {
  if (WarblerError.isInstance(error)) return error.message.slice(0, 500)
  return 'The tool could not be reached.'
}

/**
 * Runs one recorded call (HTTP or MCP) and writes how it went into its audit record: status,
 * HTTP status, latency, error. Every call gets a fresh `Warbler-Identity` token for the call's
 * user, conversation and tool: HTTP calls as the header (with the per-tool secrets), MCP calls over
 * the server's live connection with the token in the request's `_meta` (`io.warbler/identity`). A failure is an honest text for the model, not an exception.
 */
export class ToolRunner {
  constructor(
    private readonly deps: {
      store: ToolStore
      boxes: AppBoxes
      keys: IdentityKeys
      http: HttpToolExecutor
      mcp: McpConnections
      logger: Logger
      now: () => number
    },
  ) {}

  async run(call: ToolCallRecord, tool: ToolRecord, abortSignal?: AbortSignal): Promise<ToolRunResult> {
    const { store, now } = this.deps
    const started = performance.now()
    await store.updateCall(call.appId, call.id, { status: 'running', updatedAt: now() })
    try {
      let text: string
      let httpStatus: number | null = null
      let ok = true
      if (tool.kind === 'http' && tool.http) {
        const identityToken = await this.deps.keys.sign({ appId: call.appId, userId: call.userId, toolId: tool.id, conversationId: call.conversationId })
        const result = await this.deps.http.call({
          spec: tool.http,
          arguments: call.arguments,
          secretHeaders: openHeaders(await this.deps.boxes.box(call.appId), tool.secretsCiphertext),
          identityToken,
          ...(abortSignal ? { abortSignal } : {}),
        })
        httpStatus = result.status
        ok = result.ok
        text = `HTTP ${result.status}\n${result.body}${result.truncated ? '\n[the response was cut at the size limit]' : ''}`
      } else if (tool.kind === 'mcp' && tool.mcpServerId && tool.mcpToolName) {
        const server = await store.getMcpServer(call.appId, tool.mcpServerId)
        if (!server) throw new WarblerError('not_found', 'The MCP server of this tool was removed.')
        const target = { appId: call.appId, serverId: server.id, url: server.url, headers: openHeaders(await this.deps.boxes.box(call.appId), server.headersCiphertext) }
        const identityToken = await this.deps.keys.sign({ appId: call.appId, userId: call.userId, toolId: tool.id, conversationId: call.conversationId })
        const result = await this.deps.mcp.use(target, (connection) =>
          connection.callTool(tool.mcpToolName!, call.arguments, { meta: { [MCP_IDENTITY_META]: identityToken }, ...(abortSignal ? { abortSignal } : {}) }),
        )
        ok = !result.isError
        text = result.text
      } else throw new WarblerError('validation_failed', 'The tool has no way to be called.')
      const ended = await store.updateCall(call.appId, call.id, {
        status: ok ? 'succeeded' : 'failed',
        httpStatus,
        latencyMs: Math.round(performance.now() - started),
        ...(ok ? {} : { error: httpStatus !== null ? `The tool answered HTTP ${httpStatus}.` : 'The tool reported an error.' }),
        updatedAt: now(),
      })
      return { text, call: ended ?? call }
    } catch (error) {
      const message = describeError(error)
      this.deps.logger.warn({ appId: call.appId, toolCallId: call.id, toolId: tool.id, code: WarblerError.isInstance(error) ? error.code : 'error' }, 'tool call failed')
      const ended = await store.updateCall(call.appId, call.id, { status: 'failed', error: message, latencyMs: Math.round(performance.now() - started), updatedAt: now() })
      return { text: `The tool ${tool.name} failed: ${message}`, call: ended ?? call }
    }
  }
}
