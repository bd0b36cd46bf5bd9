import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AddressPolicy } from '../net/index.js'
import { connectMcp, type McpToolInfo } from './mcp-client.js'

let http: Server
let url: string
let mcp: McpServer
const authorizations: Array<string | undefined> = []

beforeAll(async () => {
  // A real MCP server built with the SDK's own server classes, one session.
  mcp = new McpServer({ name: 'shop', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } })
  mcp.registerTool(
    'lookup_order',
    { description: 'Looks an order up', inputSchema: { orderId: z.string() }, annotations: { readOnlyHint: true } },
    async ({ orderId }) => ({ content: [{ type: 'text', text: JSON.stringify({ orderId, status: 'shipped' }) }] }),
  )
  mcp.registerTool('cancel_order', { description: 'Cancels an order', inputSchema: { orderId: z.string() } }, async ({ orderId }) => ({
    content: [{ type: 'text', text: `cancelled ${orderId}` }],
  }))
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() })
  await mcp.connect(transport)
  http = createServer((request, response) => {
    authorizations.push(request.headers.authorization)
    void transport.handleRequest(request, response)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`
})

afterAll(async () => {
  await mcp.close()
  http.closeAllConnections()
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

describe('connectMcp', () => {
  it('lists and calls the tools of an SDK-built server, with the stored bearer token, and refreshes on list_changed', async () => {
    const changes: McpToolInfo[][] = []
    const connection = await connectMcp({ url, headers: { authorization: 'Bearer mcp-secret' }, policy: new AddressPolicy(['127.0.0.1']), onToolsChanged: (tools) => changes.push(tools) })
    try {
      const tools = await connection.listTools()
      expect(tools.map((tool) => [tool.name, tool.risk])).toEqual([
        ['lookup_order', 'read'],
        ['cancel_order', 'write'],
      ])
      expect(tools[0]!.parameters).toMatchObject({ type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] })
      expect(await connection.callTool('lookup_order', { orderId: 'A-1001' })).toEqual({ text: '{"orderId":"A-1001","status":"shipped"}', isError: false })
      expect(authorizations.filter((value) => value !== undefined).every((value) => value === 'Bearer mcp-secret')).toBe(true)

      mcp.registerTool('track_parcel', { description: 'Tracks a parcel', inputSchema: { parcelId: z.string() } }, async () => ({ content: [{ type: 'text', text: 'ok' }] }))
      await expect.poll(() => changes.at(-1)?.map((tool) => tool.name), { timeout: 5000 }).toEqual(['lookup_order', 'cancel_order', 'track_parcel'])
    } finally {
      await connection.close()
    }
  })

  it('refuses a server at a private address that is not allowlisted', async () => {
    await expect(connectMcp({ url, policy: new AddressPolicy() })).rejects.toMatchObject({ code: 'forbidden' })
  })
})
