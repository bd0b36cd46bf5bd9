import { randomBytes } from 'node:crypto'
import { importOpenApi, toToolName, type McpToolInfo, type SkippedOperation } from '@warbler/ai/tools'
import { WarblerError } from '@warbler/protocol'
import type { z } from 'zod'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { Logger } from '../observability/logger.js'
import type { McpServerRecord, ToolRecord, ToolStore } from '../storage/tool-store.js'
import type { McpConnections, McpTarget } from './mcp-connections.js'
import { openHeaders, sealHeaders } from './tool-secrets.js'
import { toToolView, type ConnectMcpRequest, type CreateToolRequest, type ImportOpenApiRequest, type ToolView } from './tool-views.js'

/** Most tools one app may have. */
export const MAX_TOOLS_PER_APP = 500

const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`

/**
 * Tool definitions of an app: created one by one, imported from OpenAPI, or listed from an MCP
 * server (whose list is refreshed when it announces a change). Secrets are sealed on the way in
 * and never come back out through here.
 */
export class ToolService {
  constructor(
    private readonly deps: { store: ToolStore; boxes: AppBoxes; mcp: McpConnections; logger: Logger; now: () => number },
  ) {}

  private async checkRoom(appId: string, adding: number): Promise<void> {
    const existing = (await this.deps.store.listTools(appId)).length
    if (existing + adding > MAX_TOOLS_PER_APP) throw new WarblerError('conflict', `An app may have at most ${MAX_TOOLS_PER_APP} tools.`)
  }

  /** `POST /tools`: one HTTP tool. */
  async create(appId: string, input: CreateToolRequest): Promise<ToolView> {
    await this.checkRoom(appId, 1)
    const now = this.deps.now()
    const tool: ToolRecord = {
      appId,
      id: input.id ?? newId('tl'),
      name: input.name,
      description: input.description,
      kind: 'http',
      risk: input.risk ?? (input.http.method === 'GET' || input.http.method === 'HEAD' ? 'read' : 'write'),
      parameters: input.parameters,
      http: input.http,
      mcpServerId: null,
      mcpToolName: null,
      secretsCiphertext: sealHeaders(await this.deps.boxes.box(appId), input.secrets?.headers),
      createdAt: now,
      updatedAt: now,
    }
    await this.deps.store.createTools([tool])
    return toToolView(tool)
  }

  /** `POST /tools/import-openapi`: one tool per operation of the spec, stored together. */
  async importOpenApi(appId: string, input: z.infer<typeof ImportOpenApiRequest>): Promise<{ tools: ToolView[]; skipped: SkippedOperation[] }> {
    const imported = importOpenApi(input.spec, input.baseUrl ? { baseUrl: input.baseUrl } : {})
    await this.checkRoom(appId, imported.tools.length)
    const now = this.deps.now()
    const secrets = sealHeaders(await this.deps.boxes.box(appId), input.secrets?.headers)
    const tools: ToolRecord[] = imported.tools.map((tool) => ({
      appId,
      id: newId('tl'),
      name: tool.name,
      description: tool.description,
      kind: 'http',
      risk: input.risk?.[tool.name] ?? tool.risk,
      parameters: tool.parameters,
      http: input.timeoutMs ? { ...tool.http, timeoutMs: input.timeoutMs } : tool.http,
      mcpServerId: null,
      mcpToolName: null,
      secretsCiphertext: secrets,
      createdAt: now,
      updatedAt: now,
    }))
    await this.deps.store.createTools(tools)
    return { tools: tools.map(toToolView), skipped: imported.skipped }
  }

  /** `POST /tools/mcp`: connects, lists the server's tools and stores them with the server. */
  async connectMcp(appId: string, input: z.infer<typeof ConnectMcpRequest>): Promise<{ server: { id: string; name: string; url: string }; tools: ToolView[] }> {
    const now = this.deps.now()
    const server: McpServerRecord = { appId, id: newId('mcp'), name: input.name, url: input.url, headersCiphertext: sealHeaders(await this.deps.boxes.box(appId), input.headers), createdAt: now, updatedAt: now }
    const target: McpTarget = { appId, serverId: server.id, url: server.url, headers: input.headers ?? {} }
    let listed: McpToolInfo[]
    try {
      listed = await this.deps.mcp.use(target, (connection) => connection.listTools())
    } catch (error) {
      await this.deps.mcp.close(appId, server.id)
      throw error
    }
    await this.checkRoom(appId, listed.length)
    const tools = this.mcpTools(server, listed, [], input.risk)
    await this.deps.store.createMcpServer(server, tools)
    return { server: { id: server.id, name: server.name, url: server.url }, tools: tools.map(toToolView) }
  }

  /** The server announced a new list: keep ids of tools that stayed (by name), add and drop the rest. */
  async refreshMcpTools(target: McpTarget, listed: McpToolInfo[]): Promise<void> {
    const server = await this.deps.store.getMcpServer(target.appId, target.serverId)
    if (!server) return
    const existing = (await this.deps.store.listTools(target.appId)).filter((tool) => tool.mcpServerId === server.id)
    await this.deps.store.replaceMcpTools(target.appId, server.id, this.mcpTools(server, listed, existing))
    this.deps.logger.info({ appId: target.appId, mcpServerId: server.id, tools: listed.length }, 'MCP tool list refreshed')
  }

  private mcpTools(server: McpServerRecord, listed: McpToolInfo[], existing: ToolRecord[], risk?: Record<string, 'read' | 'write'>): ToolRecord[] {
    const now = this.deps.now()
    const byName = new Map(existing.map((tool) => [tool.mcpToolName, tool]))
    return listed.map((info) => {
      const kept = byName.get(info.name)
      return {
        appId: server.appId,
        id: kept?.id ?? newId('tl'),
        name: toToolName(info.name),
        description: info.description,
        kind: 'mcp',
        risk: kept?.risk ?? risk?.[info.name] ?? info.risk,
        parameters: info.parameters,
        http: null,
        mcpServerId: server.id,
        mcpToolName: info.name,
        secretsCiphertext: null,
        createdAt: kept?.createdAt ?? now,
        updatedAt: now,
      }
    })
  }

  /** The app's MCP servers (never their headers). */
  async listMcpServers(appId: string): Promise<{ id: string; name: string; url: string; createdAt: number }[]> {
    return (await this.deps.store.listMcpServers(appId)).map(({ id, name, url, createdAt }) => ({ id, name, url, createdAt }))
  }

  /** Removes an MCP server with its tools and closes this node's connection to it. */
  async deleteMcpServer(appId: string, serverId: string): Promise<void> {
    if (!(await this.deps.store.deleteMcpServer(appId, serverId))) throw new WarblerError('not_found', `No MCP server ${serverId}.`)
    await this.deps.mcp.close(appId, serverId)
  }

  /** The target of a stored MCP server, its headers opened. */
  async mcpTarget(server: McpServerRecord): Promise<McpTarget> {
    return { appId: server.appId, serverId: server.id, url: server.url, headers: openHeaders(await this.deps.boxes.box(server.appId), server.headersCiphertext) }
  }

  async list(appId: string): Promise<ToolView[]> {
    return (await this.deps.store.listTools(appId)).map(toToolView)
  }

  async get(appId: string, toolId: string): Promise<ToolView> {
    const tool = await this.deps.store.getTool(appId, toolId)
    if (!tool) throw new WarblerError('not_found', `No tool ${toolId}.`)
    return toToolView(tool)
  }

  async delete(appId: string, toolId: string): Promise<void> {
    if (!(await this.deps.store.deleteTool(appId, toolId))) throw new WarblerError('not_found', `No tool ${toolId}.`)
  }

  /** Refuses tool ids the app does not have (a bot's `toolIds`). */
  async requireTools(appId: string, toolIds: readonly string[]): Promise<void> {
    const found = new Set((await this.deps.store.getTools(appId, toolIds)).map((tool) => tool.id))
    const missing = toolIds.filter((id) => !found.has(id))
    if (missing.length > 0) throw new WarblerError('validation_failed', `Unknown tool ids: ${missing.join(', ')}`)
  }
}
