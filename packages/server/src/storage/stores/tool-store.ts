import { WarblerError } from '@warbler/protocol'
import type { StoreDatabase } from '../kysely/store-database.js'
import { fromCallRecord, fromToolRecord, toCallRecord, toMcpServerRecord, toSigningKeyRecord, toToolRecord } from '../rows/tool-rows.js'
import type { McpServerRecord, ToolCallPatch, ToolCallRecord, ToolRecord, ToolSigningKeyRecord, ToolStore } from '../tool-store.js'

const PATCH_COLUMNS = { status: 'status', httpStatus: 'http_status', latencyMs: 'latency_ms', error: 'error', confirmSeq: 'confirm_seq', updatedAt: 'updated_at' } as const

/** {@link ToolStore} written once over Kysely, for SQLite and PostgreSQL. */
export class SqlToolStore implements ToolStore {
  constructor(private readonly store: StoreDatabase) {}

  async createTools(tools: readonly ToolRecord[]): Promise<void> {
    if (tools.length === 0) return
    try {
      await this.store.transaction(async (trx) => {
        await trx.insertInto('tools').values(tools.map(fromToolRecord)).execute()
      })
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'A tool with this id exists already.')
      throw error
    }
  }

  async getTool(appId: string, toolId: string): Promise<ToolRecord | undefined> {
    const row = await this.store.db.selectFrom('tools').selectAll().where('app_id', '=', appId).where('id', '=', toolId).executeTakeFirst()
    return row && toToolRecord(row)
  }

  async listTools(appId: string): Promise<ToolRecord[]> {
    const rows = await this.store.db.selectFrom('tools').selectAll().where('app_id', '=', appId).orderBy('created_at').orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toToolRecord)
  }

  async getTools(appId: string, toolIds: readonly string[]): Promise<ToolRecord[]> {
    if (toolIds.length === 0) return []
    const rows = await this.store.db.selectFrom('tools').selectAll().where('app_id', '=', appId).where('id', 'in', [...toolIds]).execute()
    const byId = new Map(rows.map((row) => [row.id, toToolRecord(row)]))
    return toolIds.flatMap((id) => byId.get(id) ?? [])
  }

  async deleteTool(appId: string, toolId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('tools').where('app_id', '=', appId).where('id', '=', toolId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async createMcpServer(server: McpServerRecord, tools: readonly ToolRecord[]): Promise<void> {
    try {
      await this.store.transaction(async (trx) => {
        await trx
          .insertInto('mcp_servers')
          .values({ app_id: server.appId, id: server.id, name: server.name, url: server.url, headers_ciphertext: server.headersCiphertext, created_at: server.createdAt, updated_at: server.updatedAt })
          .execute()
        if (tools.length > 0) await trx.insertInto('tools').values(tools.map(fromToolRecord)).execute()
      })
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'An MCP server or tool with this id exists already.')
      throw error
    }
  }

  async getMcpServer(appId: string, serverId: string): Promise<McpServerRecord | undefined> {
    const row = await this.store.db.selectFrom('mcp_servers').selectAll().where('app_id', '=', appId).where('id', '=', serverId).executeTakeFirst()
    return row && toMcpServerRecord(row)
  }

  async listMcpServers(appId: string): Promise<McpServerRecord[]> {
    const rows = await this.store.db.selectFrom('mcp_servers').selectAll().where('app_id', '=', appId).orderBy('created_at').orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toMcpServerRecord)
  }

  async replaceMcpTools(appId: string, serverId: string, tools: readonly ToolRecord[]): Promise<void> {
    await this.store.transaction(async (trx) => {
      let removal = trx.deleteFrom('tools').where('app_id', '=', appId).where('mcp_server_id', '=', serverId)
      if (tools.length > 0) removal = removal.where('id', 'not in', tools.map((tool) => tool.id))
      await removal.execute()
      for (const tool of tools) {
        const row = fromToolRecord(tool)
        await trx
          .insertInto('tools')
          .values(row)
          .onConflict((conflict) =>
            conflict.columns(['app_id', 'id']).doUpdateSet({ name: row.name, description: row.description, risk: row.risk, parameters: row.parameters, mcp_tool_name: row.mcp_tool_name, updated_at: row.updated_at }),
          )
          .execute()
      }
    })
  }

  async deleteMcpServer(appId: string, serverId: string): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      await trx.deleteFrom('tools').where('app_id', '=', appId).where('mcp_server_id', '=', serverId).execute()
      const result = await trx.deleteFrom('mcp_servers').where('app_id', '=', appId).where('id', '=', serverId).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    })
  }

  async createCall(call: ToolCallRecord): Promise<void> {
    await this.store.db.insertInto('tool_calls').values(fromCallRecord(call)).execute()
  }

  async getCall(appId: string, callId: string): Promise<ToolCallRecord | undefined> {
    const row = await this.store.db.selectFrom('tool_calls').selectAll().where('app_id', '=', appId).where('id', '=', callId).executeTakeFirst()
    return row && toCallRecord(row)
  }

  async listCalls(appId: string, filter: { conversationId?: string; toolId?: string; limit: number }): Promise<ToolCallRecord[]> {
    let query = this.store.db.selectFrom('tool_calls').selectAll().where('app_id', '=', appId)
    if (filter.conversationId !== undefined) query = query.where('conversation_id', '=', filter.conversationId)
    if (filter.toolId !== undefined) query = query.where('tool_id', '=', filter.toolId)
    const rows = await query.orderBy('created_at', 'desc').orderBy(this.store.byteOrder('id'), 'desc').limit(filter.limit).execute()
    return rows.map(toCallRecord)
  }

  async updateCall(appId: string, callId: string, patch: ToolCallPatch): Promise<ToolCallRecord | undefined> {
    const set: Record<string, unknown> = {}
    for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[key as keyof ToolCallPatch]
      if (value !== undefined) set[column] = value
    }
    if (Object.keys(set).length > 0) await this.store.db.updateTable('tool_calls').set(set).where('app_id', '=', appId).where('id', '=', callId).execute()
    return this.getCall(appId, callId)
  }

  async decideCall(appId: string, callId: string, decision: { approval: 'approved' | 'declined' | 'expired'; status: ToolCallRecord['status']; decidedAt: number }): Promise<ToolCallRecord | undefined> {
    const result = await this.store.db
      .updateTable('tool_calls')
      .set({ approval: decision.approval, status: decision.status, decided_at: decision.decidedAt, updated_at: decision.decidedAt })
      .where('app_id', '=', appId)
      .where('id', '=', callId)
      .where('approval', '=', 'pending')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return undefined
    return this.getCall(appId, callId)
  }

  async getSigningKey(appId: string): Promise<ToolSigningKeyRecord | undefined> {
    const row = await this.store.db.selectFrom('tool_signing_keys').selectAll().where('app_id', '=', appId).executeTakeFirst()
    return row && toSigningKeyRecord(row)
  }

  async putSigningKey(key: ToolSigningKeyRecord): Promise<ToolSigningKeyRecord> {
    await this.store.db
      .insertInto('tool_signing_keys')
      .values({ app_id: key.appId, kid: key.kid, public_jwk: key.publicJwk, private_jwk_ciphertext: key.privateJwkCiphertext, created_at: key.createdAt })
      .onConflict((conflict) => conflict.column('app_id').doNothing())
      .execute()
    return (await this.getSigningKey(key.appId))!
  }
}
