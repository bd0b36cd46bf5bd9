/**
 * The tool model: what a bot may call, described for the model by a JSON Schema and for the
 * executor by an HTTP template or an MCP server's tool name.
 */

/** A JSON Schema (draft 2020-12 / OpenAPI 3.1 dialect), as a plain object. */
export type JsonSchema = Record<string, unknown>

/** `read` tools run at once; `write` tools wait for the chatting user's yes. */
export type ToolRisk = 'read' | 'write'

/** Where an HTTP tool's argument goes. */
export type ParameterLocation = 'path' | 'query' | 'header'

/** One argument that is not the body: its name in the arguments and where it goes in the request. */
export interface HttpParameter {
  name: string
  in: ParameterLocation
  /** Query arrays: repeated `name=a&name=b` when true (OpenAPI `form` + `explode`, the default), else `name=a,b`. */
  explode?: boolean
}

/** How an HTTP tool is called. */
export interface HttpToolSpec {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Absolute URL; `{name}` segments are filled from the arguments (percent-encoded). */
  url: string
  /** Static headers (no secrets: those are stored encrypted apart). */
  headers?: Record<string, string>
  /** The arguments that go in the path, the query or a header; a `body` argument is sent as JSON. */
  parameters?: HttpParameter[]
  /** Whole exchange, in ms (default 10 s, at most 60 s). */
  timeoutMs?: number
}

/** A tool as stored and listed. */
export interface ToolDefinition {
  id: string
  /** What the model calls it: 1–64 letters, digits, `_` and `-`. */
  name: string
  description: string
  parameters: JsonSchema
  risk: ToolRisk
  kind: 'http' | 'mcp'
  http?: HttpToolSpec
  /** For MCP tools: the server and the tool's name there. */
  mcp?: { serverId: string; toolName: string }
}

/** A tool name the model accepts. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Makes any label a tool name: other characters become `_`, at most 64. */
export function toToolName(label: string): string {
  const name = label.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64)
  return name === '' ? 'tool' : name
}
