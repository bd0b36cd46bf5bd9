import type { ToolTables } from '../kysely/tables/tools-tables.js'
import type { McpServerRecord, ToolCallRecord, ToolRecord, ToolSigningKeyRecord } from '../tool-store.js'

type ToolRow = ToolTables['tools']
type CallRow = ToolTables['tool_calls']

/** A tool row as the record the services use. */
export const toToolRecord = (row: ToolRow): ToolRecord => ({
  appId: row.app_id,
  id: row.id,
  name: row.name,
  description: row.description,
  kind: row.kind,
  risk: row.risk,
  parameters: JSON.parse(row.parameters) as ToolRecord['parameters'],
  http: row.http === null ? null : (JSON.parse(row.http) as ToolRecord['http']),
  mcpServerId: row.mcp_server_id,
  mcpToolName: row.mcp_tool_name,
  secretsCiphertext: row.secrets_ciphertext,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

/** A tool record as its row. */
export const fromToolRecord = (tool: ToolRecord): ToolRow => ({
  app_id: tool.appId,
  id: tool.id,
  name: tool.name,
  description: tool.description,
  kind: tool.kind,
  risk: tool.risk,
  parameters: JSON.stringify(tool.parameters),
  http: tool.http === null ? null : JSON.stringify(tool.http),
  mcp_server_id: tool.mcpServerId,
  mcp_tool_name: tool.mcpToolName,
  secrets_ciphertext: tool.secretsCiphertext,
  created_at: tool.createdAt,
  updated_at: tool.updatedAt,
})

export const toMcpServerRecord = (row: ToolTables['mcp_servers']): McpServerRecord => ({
  appId: row.app_id,
  id: row.id,
  name: row.name,
  url: row.url,
  headersCiphertext: row.headers_ciphertext,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

const numberOrNull = (value: number | null): number | null => (value === null ? null : Number(value))

export const toCallRecord = (row: CallRow): ToolCallRecord => ({
  appId: row.app_id,
  id: row.id,
  toolId: row.tool_id,
  toolName: row.tool_name,
  botId: row.bot_id,
  userId: row.user_id,
  conversationId: row.conversation_id,
  risk: row.risk,
  arguments: JSON.parse(row.arguments) as Record<string, unknown>,
  argumentsHash: row.arguments_hash,
  status: row.status as ToolCallRecord['status'],
  approval: row.approval as ToolCallRecord['approval'],
  httpStatus: numberOrNull(row.http_status),
  latencyMs: numberOrNull(row.latency_ms),
  error: row.error,
  confirmSeq: numberOrNull(row.confirm_seq),
  expiresAt: numberOrNull(row.expires_at),
  decidedAt: numberOrNull(row.decided_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

export const fromCallRecord = (call: ToolCallRecord): CallRow => ({
  app_id: call.appId,
  id: call.id,
  tool_id: call.toolId,
  tool_name: call.toolName,
  bot_id: call.botId,
  user_id: call.userId,
  conversation_id: call.conversationId,
  risk: call.risk,
  arguments: JSON.stringify(call.arguments),
  arguments_hash: call.argumentsHash,
  status: call.status,
  approval: call.approval,
  http_status: call.httpStatus,
  latency_ms: call.latencyMs,
  error: call.error,
  confirm_seq: call.confirmSeq,
  expires_at: call.expiresAt,
  decided_at: call.decidedAt,
  created_at: call.createdAt,
  updated_at: call.updatedAt,
})

export const toSigningKeyRecord = (row: ToolTables['tool_signing_keys']): ToolSigningKeyRecord => ({
  appId: row.app_id,
  kid: row.kid,
  publicJwk: row.public_jwk,
  privateJwkCiphertext: row.private_jwk_ciphertext,
  createdAt: Number(row.created_at),
})
