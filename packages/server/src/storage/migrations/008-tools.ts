import { writtenOnce } from './written-once.js'

/**
 * Tools (issue 19): tool definitions (HTTP and MCP), MCP servers, the audit record of every
 * call (with its approval), and each app's ES256 key pair for the identity header.
 */
export const toolsSchema = writtenOnce(8, 'tools', (schema, types) => [
  schema
    .createTable('tools')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('risk', 'text', (column) => column.notNull())
    .addColumn('parameters', 'text', (column) => column.notNull())
    .addColumn('http', 'text')
    .addColumn('mcp_server_id', 'text')
    .addColumn('mcp_tool_name', 'text')
    .addColumn('secrets_ciphertext', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('tools_pk', ['app_id', 'id']),
  schema.createIndex('tools_by_mcp_server').on('tools').columns(['app_id', 'mcp_server_id']),
  schema
    .createTable('mcp_servers')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('headers_ciphertext', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('mcp_servers_pk', ['app_id', 'id']),
  schema
    .createTable('tool_calls')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('tool_id', 'text', (column) => column.notNull())
    .addColumn('tool_name', 'text', (column) => column.notNull())
    .addColumn('bot_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('risk', 'text', (column) => column.notNull())
    .addColumn('arguments', 'text', (column) => column.notNull())
    .addColumn('arguments_hash', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('approval', 'text', (column) => column.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('latency_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('confirm_seq', 'integer')
    .addColumn('expires_at', types.bigint)
    .addColumn('decided_at', types.bigint)
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('tool_calls_pk', ['app_id', 'id']),
  schema.createIndex('tool_calls_by_conversation').on('tool_calls').columns(['app_id', 'conversation_id', 'created_at']),
  schema.createIndex('tool_calls_by_tool').on('tool_calls').columns(['app_id', 'tool_id', 'created_at']),
  schema
    .createTable('tool_signing_keys')
    .addColumn('app_id', 'text', (column) => column.primaryKey())
    .addColumn('kid', 'text', (column) => column.notNull())
    .addColumn('public_jwk', 'text', (column) => column.notNull())
    .addColumn('private_jwk_ciphertext', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull()),
])
