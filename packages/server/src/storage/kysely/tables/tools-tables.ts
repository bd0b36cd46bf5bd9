/**
 * The tables of bot tools (issue 19: tool definitions, MCP servers, approvals), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface ToolTables {
  /** `parameters` is a JSON Schema, `http` the HTTP spec (JSON, null for MCP tools); secrets are sealed by the secret box. */
  tools: {
    app_id: string
    id: string
    name: string
    description: string
    kind: 'http' | 'mcp'
    risk: 'read' | 'write'
    parameters: string
    http: string | null
    mcp_server_id: string | null
    mcp_tool_name: string | null
    secrets_ciphertext: string | null
    created_at: number
    updated_at: number
  }
  /** An MCP server's endpoint; its headers (bearer token, API keys) are sealed. */
  mcp_servers: { app_id: string; id: string; name: string; url: string; headers_ciphertext: string | null; created_at: number; updated_at: number }
  /** The audit record of each call, and its approval while it waits. `arguments` is JSON text. */
  tool_calls: {
    app_id: string
    id: string
    tool_id: string
    tool_name: string
    bot_id: string
    user_id: string
    conversation_id: string
    risk: 'read' | 'write'
    arguments: string
    arguments_hash: string
    status: string
    approval: string
    http_status: number | null
    latency_ms: number | null
    error: string | null
    confirm_seq: number | null
    expires_at: number | null
    decided_at: number | null
    created_at: number
    updated_at: number
  }
  /** Each app's ES256 key pair for `Warbler-Identity`: the private JWK sealed, the public one served as JWKS. */
  tool_signing_keys: { app_id: string; kid: string; public_jwk: string; private_jwk_ciphertext: string; created_at: number }
}
