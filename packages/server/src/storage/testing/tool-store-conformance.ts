import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from '../storage.js'
import type { ToolCallRecord, ToolRecord, ToolStore } from '../tool-store.js'

const now = 1_700_000_000_000

const tool = (id: string, extra: Partial<ToolRecord> = {}): ToolRecord => ({
  appId: 'app_a',
  id,
  name: id,
  description: `the ${id} tool`,
  kind: 'http',
  risk: 'read',
  parameters: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, body: { type: 'object', properties: { a: { type: 'object' } } } } },
  http: { method: 'GET', url: 'https://api.example.com/orders/{id}', parameters: [{ name: 'id', in: 'path' }], timeoutMs: 5000 },
  mcpServerId: null,
  mcpToolName: null,
  secretsCiphertext: null,
  createdAt: now,
  updatedAt: now,
  ...extra,
})

const call = (id: string, extra: Partial<ToolCallRecord> = {}): ToolCallRecord => ({
  appId: 'app_a',
  id,
  toolId: 'tl_1',
  toolName: 'getOrder',
  botId: 'bot',
  userId: 'alice',
  conversationId: 'c1',
  risk: 'write',
  arguments: { orderId: 'A-1001', nested: { list: [1, 2] } },
  argumentsHash: 'h1',
  status: 'pending',
  approval: 'pending',
  httpStatus: null,
  latencyMs: null,
  error: null,
  confirmSeq: null,
  expiresAt: now + 600_000,
  decidedAt: null,
  createdAt: now,
  updatedAt: now,
  ...extra,
})

/**
 * Conformance suite of {@link Storage.tools}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeToolStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeToolStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`ToolStore conformance: ${name}`, () => {
    let storage: Storage
    let store: ToolStore

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      store = storage.tools!
    })
    afterEach(async () => {
      await storage.close()
    })

    it('creates, reads, lists and deletes tools per app, keeping JSON schemas and HTTP specs whole', async () => {
      await store.createTools([tool('tl_1', { secretsCiphertext: 'v1:sealed' }), tool('tl_2', { risk: 'write', createdAt: now + 1 })])
      await store.createTools([tool('tl_1', { appId: 'app_b' })])
      expect(await store.getTool('app_a', 'tl_1')).toEqual(tool('tl_1', { secretsCiphertext: 'v1:sealed' }))
      expect((await store.listTools('app_a')).map((item) => item.id)).toEqual(['tl_1', 'tl_2'])
      expect((await store.getTools('app_a', ['tl_2', 'nope', 'tl_1'])).map((item) => item.id)).toEqual(['tl_2', 'tl_1'])
      expect(await store.getTool('app_b', 'tl_2')).toBeUndefined()
      await expect(store.createTools([tool('tl_3'), tool('tl_1')])).rejects.toMatchObject({ code: 'already_exists' })
      expect(await store.getTool('app_a', 'tl_3')).toBeUndefined() // the batch is one transaction
      expect(await store.deleteTool('app_a', 'tl_1')).toBe(true)
      expect(await store.deleteTool('app_a', 'tl_1')).toBe(false)
      expect(await store.getTool('app_b', 'tl_1')).toBeDefined()
    })

    it('keeps MCP servers with their tools and replaces the tool list when it changes', async () => {
      const mcpTool = (id: string, toolName: string) => tool(id, { kind: 'mcp', http: null, mcpServerId: 'mcp_1', mcpToolName: toolName, name: toolName })
      await store.createMcpServer({ appId: 'app_a', id: 'mcp_1', name: 'shop', url: 'https://mcp.example.com/mcp', headersCiphertext: 'v1:h', createdAt: now, updatedAt: now }, [mcpTool('tl_m1', 'lookup'), mcpTool('tl_m2', 'cancel')])
      expect(await store.getMcpServer('app_a', 'mcp_1')).toMatchObject({ name: 'shop', headersCiphertext: 'v1:h' })
      expect(await store.getMcpServer('app_b', 'mcp_1')).toBeUndefined()
      expect((await store.listMcpServers('app_a')).map((server) => server.id)).toEqual(['mcp_1'])
      await store.replaceMcpTools('app_a', 'mcp_1', [{ ...mcpTool('tl_m1', 'lookup'), description: 'changed' }, mcpTool('tl_m3', 'track')])
      const tools = await store.listTools('app_a')
      expect(tools.map((item) => [item.id, item.mcpToolName, item.description])).toEqual([
        ['tl_m1', 'lookup', 'changed'],
        ['tl_m3', 'track', 'the tl_m3 tool'],
      ])
      expect(await store.deleteMcpServer('app_a', 'mcp_1')).toBe(true)
      expect(await store.listTools('app_a')).toEqual([])
    })

    it('records calls, filters them newest first, and settles a pending approval only once', async () => {
      await store.createCall(call('call_1'))
      await store.createCall(call('call_2', { conversationId: 'c2', toolId: 'tl_2', createdAt: now + 1, approval: 'not_required', status: 'succeeded', risk: 'read' }))
      await store.createCall(call('call_3', { appId: 'app_b' }))
      expect(await store.getCall('app_a', 'call_1')).toEqual(call('call_1'))
      expect((await store.listCalls('app_a', { limit: 10 })).map((item) => item.id)).toEqual(['call_2', 'call_1'])
      expect((await store.listCalls('app_a', { conversationId: 'c1', limit: 10 })).map((item) => item.id)).toEqual(['call_1'])
      expect((await store.listCalls('app_a', { toolId: 'tl_2', limit: 10 })).map((item) => item.id)).toEqual(['call_2'])
      expect(await store.updateCall('app_a', 'call_1', { confirmSeq: 7, updatedAt: now + 5 })).toMatchObject({ confirmSeq: 7, updatedAt: now + 5 })

      const decisions = await Promise.all([
        store.decideCall('app_a', 'call_1', { approval: 'approved', status: 'running', decidedAt: now + 10 }),
        store.decideCall('app_a', 'call_1', { approval: 'declined', status: 'declined', decidedAt: now + 11 }),
      ])
      expect(decisions.filter((decision) => decision !== undefined)).toHaveLength(1)
      expect(await store.decideCall('app_b', 'call_1', { approval: 'approved', status: 'running', decidedAt: now })).toBeUndefined()
      const settled = await store.updateCall('app_a', 'call_1', { status: 'succeeded', httpStatus: 200, latencyMs: 12, updatedAt: now + 20 })
      expect(settled).toMatchObject({ status: 'succeeded', httpStatus: 200, latencyMs: 12, decidedAt: decisions.find(Boolean)!.decidedAt })
    })

    it('keeps the first signing key of an app', async () => {
      expect(await store.getSigningKey('app_a')).toBeUndefined()
      const first = await store.putSigningKey({ appId: 'app_a', kid: 'k1', publicJwk: '{"kty":"EC"}', privateJwkCiphertext: 'v1:p1', createdAt: now })
      const second = await store.putSigningKey({ appId: 'app_a', kid: 'k2', publicJwk: '{"kty":"EC"}', privateJwkCiphertext: 'v1:p2', createdAt: now + 1 })
      expect(first.kid).toBe('k1')
      expect(second.kid).toBe('k1')
      expect(await store.getSigningKey('app_b')).toBeUndefined()
    })
  })
}
