import { z } from 'zod'
import { UserId } from '@warbler/protocol'
import { TOOL_NAME_PATTERN } from '@warbler/ai/tools'
import type { ToolCallRecord, ToolRecord } from '../storage/tool-store.js'

const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'a header name')
const Headers = z.record(HeaderName, z.string().max(4000).regex(/^[^\r\n]*$/, 'no line breaks')).refine((value) => Object.keys(value).length <= 20, 'at most 20 headers')
const JsonSchemaObject = z.record(z.string(), z.unknown())
const Risk = z.enum(['read', 'write'])
const ToolName = z.string().regex(TOOL_NAME_PATTERN, 'tool names are 1 to 64 letters, digits, _ and -')
const HttpUrl = z.string().url().max(2000).refine((url) => /^https?:\/\//i.test(url), 'an http(s) URL')

/** The HTTP part of a tool, as given and as shown. */
export const HttpSpecInput = z.object({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  url: HttpUrl,
  headers: Headers.optional(),
  parameters: z.array(z.object({ name: z.string().min(1).max(200), in: z.enum(['path', 'query', 'header']), explode: z.boolean().optional() })).max(100).optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
})

/** Static secrets of a tool: headers sent with every call, stored encrypted, never shown. */
const Secrets = z.object({ headers: Headers })

/** `POST /api/v1/apps/{appId}/tools`. */
export const CreateToolRequest = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  name: ToolName,
  description: z.string().min(1).max(2000),
  parameters: JsonSchemaObject.default({ type: 'object', properties: {} }),
  /** Default: `read` for GET and HEAD, `write` otherwise. */
  risk: Risk.optional(),
  http: HttpSpecInput,
  secrets: Secrets.optional(),
})
export type CreateToolRequest = z.infer<typeof CreateToolRequest>

/** `POST /api/v1/apps/{appId}/tools/import-openapi`. */
export const ImportOpenApiRequest = z.object({
  /** The OpenAPI 3.0/3.1 document: a JSON object, or JSON or YAML text. */
  spec: z.union([z.record(z.string(), z.unknown()), z.string().min(1).max(2 * 1024 * 1024)]),
  /** Used instead of the spec's `servers`. */
  baseUrl: HttpUrl.optional(),
  /** Secrets every imported tool sends (e.g. `{ headers: { 'X-API-Key': '…' } }`). */
  secrets: Secrets.optional(),
  /** Per operation name: risk to use instead of the method's default. */
  risk: z.record(z.string(), Risk).optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
})

/** `POST /api/v1/apps/{appId}/tools/mcp`. */
export const ConnectMcpRequest = z.object({
  name: z.string().min(1).max(100),
  url: HttpUrl,
  /** E.g. `{ Authorization: 'Bearer …' }`: stored encrypted, never shown. */
  headers: Headers.optional(),
  /** Per MCP tool name: risk to use instead of the server's read-only hint. */
  risk: z.record(z.string(), Risk).optional(),
})

/** A tool as the API shows it: never its secrets, only whether it has some. */
export const ToolView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  risk: Risk,
  kind: z.enum(['http', 'mcp']),
  parameters: JsonSchemaObject,
  http: HttpSpecInput.optional(),
  mcp: z.object({ serverId: z.string(), toolName: z.string() }).optional(),
  secretsSet: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type ToolView = z.infer<typeof ToolView>

/** An audit record of a call as the API shows it. */
export const ToolCallView = z.object({
  id: z.string(),
  toolId: z.string(),
  tool: z.string(),
  botId: z.string(),
  userId: z.string(),
  conversationId: z.string(),
  risk: Risk,
  arguments: z.record(z.string(), z.unknown()),
  argumentsHash: z.string(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'declined', 'expired', 'refused']),
  approval: z.enum(['not_required', 'pending', 'approved', 'declined', 'expired']),
  httpStatus: z.number().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  confirmSeq: z.number().nullable(),
  expiresAt: z.number().nullable(),
  decidedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type ToolCallView = z.infer<typeof ToolCallView>

/** `POST /api/v1/apps/{appId}/tool-calls/{toolCallId}/decision`. */
export const DecisionRequest = z.object({
  // Any user id (an identified widget visitor's `visitor:u:<site id>` is longer than 64).
  userId: UserId,
  approve: z.boolean(),
  /** What the user saw: when given, it must be exactly the arguments awaiting approval. */
  arguments: z.record(z.string(), z.unknown()).optional(),
  argumentsHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
})

/** A tool record as the API shows it. */
export function toToolView(tool: ToolRecord): ToolView {
  return {
    id: tool.id,
    name: tool.name,
    description: tool.description,
    risk: tool.risk,
    kind: tool.kind,
    parameters: tool.parameters,
    ...(tool.http ? { http: tool.http } : {}),
    ...(tool.mcpServerId && tool.mcpToolName ? { mcp: { serverId: tool.mcpServerId, toolName: tool.mcpToolName } } : {}),
    secretsSet: tool.secretsCiphertext !== null,
    createdAt: tool.createdAt,
    updatedAt: tool.updatedAt,
  }
}

/** An audit record as the API shows it. */
export function toToolCallView(call: ToolCallRecord): ToolCallView {
  const { appId: _appId, toolName, ...rest } = call
  return { ...rest, tool: toolName }
}
