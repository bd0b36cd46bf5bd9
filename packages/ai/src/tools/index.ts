/**
 * `@warbler/ai/tools`: tools bots call — the tool model, the OpenAPI importer, the HTTP executor
 * on the guarded client, the MCP client and the tool loop.
 *
 * @example
 * ```ts
 * import { importOpenApi, HttpToolExecutor, runToolLoop } from '@warbler/ai/tools'
 * const { tools } = importOpenApi(specText)
 * ```
 */
export * from './tool-types.js'
export { importOpenApi, type ImportedTool, type ImportOpenApiOptions, type SkippedOperation } from './openapi/import-openapi.js'
export { buildHttpRequest, IDENTITY_HEADER, type BuiltRequest } from './http-request.js'
export { HttpToolExecutor, DEFAULT_TOOL_RESPONSE_BYTES, DEFAULT_TOOL_TIMEOUT_MS, type HttpToolCall, type HttpToolExecutorOptions, type HttpToolResult } from './http-tool-executor.js'
export { connectMcp, MCP_IDENTITY_META, type McpCallResult, type McpConnectOptions, type McpConnection, type McpToolInfo } from './mcp-client.js'
export { runToolLoop, MAX_TOOL_ROUNDS, type ToolLoopOptions } from './tool-loop.js'
