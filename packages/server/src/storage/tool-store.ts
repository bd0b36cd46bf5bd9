import type { HttpToolSpec, JsonSchema, ToolRisk } from '@warbler/ai/tools'

/** A tool as stored: the definition, its sealed secrets and when it changed. */
export interface ToolRecord {
  appId: string
  id: string
  name: string
  description: string
  kind: 'http' | 'mcp'
  risk: ToolRisk
  parameters: JsonSchema
  http: HttpToolSpec | null
  mcpServerId: string | null
  mcpToolName: string | null
  /** Static secret headers, sealed by the secret box (never returned by the API). */
  secretsCiphertext: string | null
  createdAt: number
  updatedAt: number
}

/** An MCP server as stored. */
export interface McpServerRecord {
  appId: string
  id: string
  name: string
  url: string
  /** Its headers (bearer token, API keys), sealed. */
  headersCiphertext: string | null
  createdAt: number
  updatedAt: number
}

/** Where a call is. `pending` waits for the user's yes. */
export type ToolCallStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'declined' | 'expired' | 'refused'
/** The approval of a call: `not_required` for read tools. */
export type ToolApproval = 'not_required' | 'pending' | 'approved' | 'declined' | 'expired'

/** The audit record of one tool call (no secrets, no identity token). */
export interface ToolCallRecord {
  appId: string
  id: string
  toolId: string
  toolName: string
  botId: string
  userId: string
  conversationId: string
  risk: ToolRisk
  arguments: Record<string, unknown>
  /** SHA-256 of the canonical JSON of the arguments: what an approval is bound to. */
  argumentsHash: string
  status: ToolCallStatus
  approval: ToolApproval
  httpStatus: number | null
  latencyMs: number | null
  /** What went wrong, in words (never a secret). */
  error: string | null
  /** The seq of the `tool.confirm` message shown to the user. */
  confirmSeq: number | null
  /** When a pending approval lapses. */
  expiresAt: number | null
  decidedAt: number | null
  createdAt: number
  updatedAt: number
}

/** The fields of a call that change after it is created. */
export type ToolCallPatch = Partial<Pick<ToolCallRecord, 'status' | 'httpStatus' | 'latencyMs' | 'error' | 'confirmSeq' | 'updatedAt'>>

/** An app's ES256 key pair for the identity header. */
export interface ToolSigningKeyRecord {
  appId: string
  kid: string
  publicJwk: string
  /** The private JWK, sealed. */
  privateJwkCiphertext: string
  createdAt: number
}

/**
 * Tools, MCP servers, the audit record of every call and the apps' signing keys. Every call takes
 * the app and never returns another app's rows.
 */
export interface ToolStore {
  /** Stores new tools in one transaction; `already_exists` when an id is taken. */
  createTools(tools: readonly ToolRecord[]): Promise<void>
  getTool(appId: string, toolId: string): Promise<ToolRecord | undefined>
  /** The app's tools, oldest first. */
  listTools(appId: string): Promise<ToolRecord[]>
  /** The named tools that exist, in the order asked. */
  getTools(appId: string, toolIds: readonly string[]): Promise<ToolRecord[]>
  /** Deletes a tool; false when there was none. */
  deleteTool(appId: string, toolId: string): Promise<boolean>

  /** Stores an MCP server with its tools, in one transaction. */
  createMcpServer(server: McpServerRecord, tools: readonly ToolRecord[]): Promise<void>
  getMcpServer(appId: string, serverId: string): Promise<McpServerRecord | undefined>
  listMcpServers(appId: string): Promise<McpServerRecord[]>
  /** Makes the server's tools exactly these (same id: updated; gone: deleted), in one transaction. */
  replaceMcpTools(appId: string, serverId: string, tools: readonly ToolRecord[]): Promise<void>
  /** Deletes the server and its tools; false when there was none. */
  deleteMcpServer(appId: string, serverId: string): Promise<boolean>

  createCall(call: ToolCallRecord): Promise<void>
  getCall(appId: string, callId: string): Promise<ToolCallRecord | undefined>
  /** Newest first, at most `limit`, optionally for one conversation or one tool. */
  listCalls(appId: string, filter: { conversationId?: string; toolId?: string; limit: number }): Promise<ToolCallRecord[]>
  updateCall(appId: string, callId: string, patch: ToolCallPatch): Promise<ToolCallRecord | undefined>
  /**
   * Settles a pending approval, once: only a call whose approval is still `pending` changes (so two
   * nodes or two clicks never both run it). Returns the call as it is now, or undefined when it
   * was not pending.
   */
  decideCall(appId: string, callId: string, decision: { approval: 'approved' | 'declined' | 'expired'; status: ToolCallStatus; decidedAt: number }): Promise<ToolCallRecord | undefined>

  getSigningKey(appId: string): Promise<ToolSigningKeyRecord | undefined>
  /** Stores the app's key unless it has one; returns the key in force (a racing node's key may win). */
  putSigningKey(key: ToolSigningKeyRecord): Promise<ToolSigningKeyRecord>
}
