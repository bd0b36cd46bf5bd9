import { ResourceId, WarblerError } from '@warbler/protocol'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { bearerToken } from '../auth/secrets.js'
import { createAuthenticator } from '../http/authenticator.js'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import type { Tools } from './create-tools.js'
import { ConnectMcpRequest, CreateToolRequest, DecisionRequest, ImportOpenApiRequest, ToolCallView, ToolView } from './tool-views.js'

const AppParams = z.object({ appId: ResourceId })
const ToolParams = z.object({ appId: ResourceId, toolId: z.string().min(1).max(64) })
const CallParams = z.object({ appId: ResourceId, toolCallId: z.string().min(1).max(64) })
const CallQuery = z.object({
  conversationId: z.string().min(1).max(200).optional(),
  toolId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
const Jwk = z.record(z.string(), z.unknown())

/**
 * Who may answer a confirmation: the app's backend (app secret, operator key, the console), or the
 * very user it was shown to with their own token (the SDK, web chat and widget cards).
 */
async function authorizeDecision(context: ServerContext, request: FastifyRequest, appId: string, userId: string): Promise<void> {
  const token = bearerToken(request.headers.authorization)
  if (token && token.split('.').length === 3 && !context.console.appGrants.principalOf(request)) {
    let identity: Awaited<ReturnType<ServerContext['tokens']['verify']>> | undefined
    try {
      identity = await context.tokens.verify(token)
    } catch (error) {
      // Not a user token after all (an operator key may contain dots): try it as the app's credential.
      if (!(WarblerError.isInstance(error) && error.code === 'invalid_credentials')) throw error
    }
    if (identity) {
      if (identity.appId !== appId || identity.userId !== userId) throw new WarblerError('forbidden', 'A user may only answer their own confirmations.')
      return
    }
  }
  await createAuthenticator(context)(request, 'app', appId)
}

/** Tool REST routes: tools, imports, MCP servers, the call audit, decisions and the public JWKS. */
export function toolRoutes(context: ServerContext, tools: Tools) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/tools',
      summary: 'Create an HTTP tool (method, URL template, headers, JSON Schema parameters, risk, timeout; secrets stored encrypted).',
      tag: 'tools',
      auth: 'app',
      params: AppParams,
      body: CreateToolRequest,
      response: ToolView,
      status: 201,
      handler: async ({ params, body }) => tools.service.create(params.appId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/tools',
      summary: 'List the tools of the app (secrets never shown: `secretsSet`).',
      tag: 'tools',
      auth: 'app',
      params: AppParams,
      response: listSchema(ToolView, { legacyKey: 'tools' }),
      handler: async ({ params }) => listPage(await tools.service.list(params.appId), null, 'tools'),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/tools/:toolId',
      summary: 'Read a tool.',
      tag: 'tools',
      auth: 'app',
      params: ToolParams,
      response: ToolView,
      handler: async ({ params }) => tools.service.get(params.appId, params.toolId),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/tools/:toolId',
      summary: 'Delete a tool; bots that list it stop offering it.',
      tag: 'tools',
      auth: 'app',
      params: ToolParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await tools.service.delete(params.appId, params.toolId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/tools/import-openapi',
      summary: 'Import an OpenAPI 3.0/3.1 document (JSON object or YAML text) as one tool per operation.',
      tag: 'tools',
      openapi: { operationId: 'importOpenApiTools', errors: ['validation_failed', 'conflict'] },
      auth: 'app',
      params: AppParams,
      body: ImportOpenApiRequest,
      response: z.object({ tools: z.array(ToolView), skipped: z.array(z.object({ operation: z.string(), reason: z.string() })) }),
      status: 201,
      handler: async ({ params, body }) => tools.service.importOpenApi(params.appId, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/tools/mcp',
      summary: 'Connect an MCP server (Streamable HTTP) and add its tools; headers are stored encrypted.',
      tag: 'tools',
      openapi: { operationId: 'connectMcpServer', errors: ['validation_failed', 'forbidden', 'upstream_failed', 'timeout', 'conflict'] },
      auth: 'app',
      params: AppParams,
      body: ConnectMcpRequest,
      response: z.object({ server: z.object({ id: z.string(), name: z.string(), url: z.string() }), tools: z.array(ToolView) }),
      status: 201,
      handler: async ({ params, body }) => tools.service.connectMcp(params.appId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/tools/mcp',
      summary: 'List the connected MCP servers (their headers are never shown).',
      tag: 'tools',
      auth: 'app',
      params: AppParams,
      response: listSchema(z.object({ id: z.string(), name: z.string(), url: z.string(), createdAt: z.number() }), { legacyKey: 'servers' }),
      handler: async ({ params }) => listPage(await tools.service.listMcpServers(params.appId), null, 'servers'),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/tools/mcp/:serverId',
      summary: 'Disconnect an MCP server and delete its tools.',
      tag: 'tools',
      auth: 'app',
      params: z.object({ appId: ResourceId, serverId: z.string().min(1).max(64) }),
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await tools.service.deleteMcpServer(params.appId, params.serverId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/tool-calls',
      summary: 'The audit records of tool calls, newest first (tool, user, conversation, argument hash, status, latency, approval).',
      tag: 'tools',
      auth: 'app',
      params: AppParams,
      query: CallQuery,
      response: listSchema(ToolCallView, { legacyKey: 'toolCalls' }),
      handler: async ({ params, query }) =>
        listPage(await tools.bot.listCalls(params.appId, { limit: query.limit, ...(query.conversationId ? { conversationId: query.conversationId } : {}), ...(query.toolId ? { toolId: query.toolId } : {}) }), null, 'toolCalls'),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/tool-calls/:toolCallId/decision',
      summary: "Approve or decline a write tool's call: only the user who was asked, before it expires, with the arguments shown.",
      tag: 'tools',
      // The app secret or the asked user's own token: checked in the handler.
      auth: 'none',
      openapi: { operationId: 'decideToolCall', security: ['appSecret', 'operatorKey', 'userToken'], errors: ['unauthenticated', 'invalid_credentials', 'forbidden', 'not_found', 'conflict'] },
      params: CallParams,
      body: DecisionRequest,
      response: ToolCallView,
      handler: async ({ params, body, request }) => {
        await authorizeDecision(context, request, params.appId, body.userId)
        return tools.bot.decide(params.appId, params.toolCallId, body)
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/jwks.json',
      summary: "The app's public keys (ES256) for verifying the Warbler-Identity header tools receive.",
      tag: 'tools',
      auth: 'none',
      openapi: { operationId: 'getAppJwks', errors: ['app_not_found'] },
      params: AppParams,
      response: z.object({ keys: z.array(Jwk) }),
      handler: async ({ params }) => {
        if (!(await context.storage.apps.get(params.appId))) throw new WarblerError('app_not_found')
        return tools.keys.jwks(params.appId)
      },
    }),
  ]
}
