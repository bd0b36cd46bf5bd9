import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { waitForReply } from '../bots/bot-fixture.js'
import { orderSpec, startOrderService, startToolFixture, type OrderService } from './tool-fixture.js'

const API_KEY = 'sk-live-order-service-key'
const MCP_TOKEN = 'mcp-bearer-secret-token'
const APPROVAL_TTL_MS = 1500

describe('tools: bots that look things up and act, safely', () => {
  let fixture: Awaited<ReturnType<typeof startToolFixture>>
  let service: OrderService
  let tools: Record<string, any>
  let mcpHttp: Server
  let mcp: McpServer
  let mcpUrl: string
  const mcpCalls: Array<{ orderId: string }> = []
  const mcpIdentities: unknown[] = []
  const mcpAuth: Array<string | undefined> = []

  beforeAll(async () => {
    fixture = await startToolFixture(['alice', 'bob'], { approvalTtlMs: APPROVAL_TTL_MS })
    service = await startOrderService(
      () => `${fixture.server.url}/api/v1/apps/${fixture.app.id}/jwks.json`,
      () => Object.values(tools).map((tool) => tool.id),
      () => fixture.app.id,
    )
    mcp = new McpServer({ name: 'parcels', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } })
    mcp.registerTool('track_parcel', { description: 'Tracks a parcel', inputSchema: { orderId: z.string() }, annotations: { readOnlyHint: true } }, async ({ orderId }, extra) => {
      mcpCalls.push({ orderId })
      mcpIdentities.push(extra._meta?.['io.warbler/identity'])
      return { content: [{ type: 'text', text: `parcel of ${orderId}: out for delivery` }] }
    })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() })
    await mcp.connect(transport)
    mcpHttp = createServer((request, response) => {
      mcpAuth.push(request.headers.authorization)
      void transport.handleRequest(request, response)
    })
    await new Promise<void>((resolve) => mcpHttp.listen(0, '127.0.0.1', resolve))
    mcpUrl = `http://127.0.0.1:${(mcpHttp.address() as AddressInfo).port}/mcp`
  })
  afterAll(async () => {
    await fixture.close()
    await service.close()
    mcpHttp.closeAllConnections()
    await new Promise<void>((resolve) => mcpHttp.close(() => resolve()))
  })

  it('imports OpenAPI specs over REST (petstore-expanded as 4 tools; the order service with its secret sealed)', async () => {
    const petstore = readFileSync(new URL('../../../ai/src/tools/fixtures/petstore-expanded.yaml', import.meta.url), 'utf8')
    const pets = await fixture.rest('POST', '/tools/import-openapi', { spec: petstore })
    expect(pets.status).toBe(201)
    expect(pets.body.tools.map((tool: any) => tool.name)).toEqual(['findPets', 'addPet', 'find_pet_by_id', 'deletePet'])
    expect(pets.body.tools[0].parameters.properties.tags).toMatchObject({ type: 'array', items: { type: 'string' } })
    expect(pets.body.tools[1].parameters.properties.body.required).toEqual(['name'])

    const imported = await fixture.rest('POST', '/tools/import-openapi', { spec: orderSpec(service.url), secrets: { headers: { 'X-Api-Key': API_KEY } } })
    expect(imported.status).toBe(201)
    tools = Object.fromEntries(imported.body.tools.map((tool: any) => [tool.name, tool]))
    expect(Object.keys(tools)).toEqual(['getOrder', 'cancelOrder', 'sneaky'])
    expect(tools.getOrder.risk).toBe('read')
    expect(tools.cancelOrder.risk).toBe('write')
    expect(tools.cancelOrder.parameters.properties.body.properties.refund.properties.method.enum).toEqual(['card', 'credit'])
    const listed = await fixture.rest('GET', '/tools')
    expect(listed.body.tools).toHaveLength(7)
    expect(listed.body.tools.find((tool: any) => tool.id === tools.getOrder.id).secretsSet).toBe(true)
    expect(JSON.stringify(listed.body)).not.toContain(API_KEY)

    const refused = await fixture.rest('POST', '/tools/import-openapi', { spec: { openapi: '3.1.0', paths: { '/x': { get: { parameters: [{ $ref: 'https://evil.example/x.yaml' }] } } } } })
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } })
    const unknownTool = await fixture.rest('POST', '/bots', { name: 'Nope', toolIds: ['tl_missing'] })
    expect(unknownTool.status).toBe(400)

    const bot = await fixture.rest('POST', '/bots', {
      id: 'shopbot',
      name: 'Shop bot',
      provider: { baseUrl: fixture.provider.baseURL, apiKey: 'sk-provider', model: 'fake-primary' },
      toolIds: [tools.getOrder.id, tools.cancelOrder.id, tools.sneaky.id],
    })
    expect(bot.status).toBe(201)
    expect(bot.body.toolIds).toHaveLength(3)
  })

  it('looks an order up for the chatting user: the identity header verifies through the JWKS, the model cannot change who asks', async () => {
    fixture.provider.script([{ toolCalls: [{ name: 'getOrder', arguments: { orderId: 'A-1001', userId: 'mallory', 'Warbler-Identity': 'forged' } }] }])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })).data
    const sent = await alice.sendMessage(direct.id, 'Where is my order A-1001?')
    const { final } = await waitForReply(alice, direct.id, 'shopbot', sent.seq)
    expect(final.body.text).toContain('"orderId":"A-1001","status":"shipped","owner":"alice"')

    const hit = service.hits.at(-1)!
    expect(hit).toMatchObject({ method: 'GET', path: '/orders/A-1001' })
    expect(hit.identityError).toBeUndefined()
    expect(hit.identity).toMatchObject({ iss: fixture.app.id, sub: 'alice', aud: tools.getOrder.id, conversationId: direct.id, jti: expect.any(String) })
    expect(hit.identity!.exp! - hit.identity!.iat!).toBeLessThanOrEqual(60)
    expect(hit.headers['x-api-key']).toBe(API_KEY)
    expect(hit.path).not.toContain('mallory')

    // the model got the tool result as a tool turn, then answered
    const second = fixture.provider.requests.at(-1)!.body
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('HTTP 200') })
    expect(second.tools.map((tool: any) => tool.function.name)).toEqual(['getOrder', 'cancelOrder', 'sneaky'])
  })

  it('runs a write tool only after that user approves the exact arguments', async () => {
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })).data
    const args = { orderId: 'A-1001', body: { reason: 'changed my mind', refund: { method: 'card' } } }
    fixture.provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: args }] }])
    const before = service.hits.length
    const sent = await alice.sendMessage(direct.id, 'Cancel A-1001 please')
    const confirm = await alice.waitFor((frame) => frame.type === 'event' && frame.conversationId === direct.id && frame.senderId === 'shopbot' && frame.body?.type === 'custom', 8000)
    expect(confirm.body).toMatchObject({ type: 'custom', customType: 'tool.confirm', data: { toolCallId: expect.any(String), tool: 'cancelOrder', arguments: args, summary: `cancelOrder: POST ${service.url}/orders/A-1001` } })
    await waitForReply(alice, direct.id, 'shopbot', sent.seq)
    await fixture.idle()
    expect(service.hits.length).toBe(before) // nothing ran yet
    const callId = confirm.body.data.toolCallId

    const pending = await fixture.rest('GET', `/tool-calls?conversationId=${direct.id}`)
    expect(pending.body.toolCalls[0]).toMatchObject({ id: callId, status: 'pending', approval: 'pending', confirmSeq: confirm.seq })

    const decide = (body: unknown, token = fixture.tokens.alice) => fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/tool-calls/${callId}/decision`, { secret: token, body })
    const changed = await decide({ userId: 'alice', approve: true, arguments: { ...args, orderId: 'B-2002' } })
    expect(changed).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } })
    expect((await decide({ userId: 'bob', approve: true }, fixture.tokens.bob)).status).toBe(403)
    expect((await decide({ userId: 'bob', approve: true }, fixture.tokens.alice)).status).toBe(403)
    expect(service.hits.length).toBe(before)

    const approved = await decide({ userId: 'alice', approve: true, arguments: args })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ id: callId, status: 'succeeded', approval: 'approved', httpStatus: 200 })
    const hit = service.hits.at(-1)!
    expect(hit).toMatchObject({ method: 'POST', path: '/orders/A-1001' })
    expect(JSON.parse(hit.body)).toEqual(args.body)
    expect(hit.identity).toMatchObject({ sub: 'alice', aud: tools.cancelOrder.id })
    const outcome = await alice.waitFor((frame) => frame.type === 'event' && frame.conversationId === direct.id && frame.senderId === 'shopbot' && frame.ext?.toolCallId === callId, 8000)
    expect(outcome.body.type).toBe('text')
    expect((await decide({ userId: 'alice', approve: true })).status).toBe(409) // once only
  })

  it('refuses an approval after it expired, and a declined call never runs', async () => {
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })).data
    const before = service.hits.length
    for (const orderId of ['C-3003', 'D-4004']) {
      fixture.provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: { orderId, body: { reason: 'late' } } }] }])
      const sent = await alice.sendMessage(direct.id, `Cancel ${orderId}`)
      await waitForReply(alice, direct.id, 'shopbot', sent.seq)
    }
    await fixture.idle()
    const [declineCall, expireCall] = (await fixture.rest('GET', `/tool-calls?conversationId=${direct.id}`)).body.toolCalls
    const declined = await fixture.rest('POST', `/tool-calls/${declineCall.id}/decision`, { userId: 'alice', approve: false })
    expect(declined.body).toMatchObject({ status: 'declined', approval: 'declined' })
    await new Promise((resolve) => setTimeout(resolve, APPROVAL_TTL_MS + 200))
    const listed = (await fixture.rest('GET', `/tool-calls?conversationId=${direct.id}`)).body.toolCalls.find((call: any) => call.id === expireCall.id)
    expect(listed).toMatchObject({ status: 'expired', approval: 'expired', error: expect.stringContaining('expired') })
    const late = await fixture.rest('POST', `/tool-calls/${expireCall.id}/decision`, { userId: 'alice', approve: true })
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: expect.stringContaining('expired') } } })
    const after = (await fixture.rest('GET', `/tool-calls?conversationId=${direct.id}`)).body.toolCalls.find((call: any) => call.id === expireCall.id)
    expect(after).toMatchObject({ status: 'expired', approval: 'expired' })
    expect(service.hits.length).toBe(before)
  })

  it('refuses a redirect to a private address and tells the model honestly', async () => {
    fixture.provider.script([{ toolCalls: [{ name: 'sneaky', arguments: {} }] }])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })).data
    const sent = await alice.sendMessage(direct.id, 'do the sneaky thing')
    const { final } = await waitForReply(alice, direct.id, 'shopbot', sent.seq)
    expect(final.body.text).toContain('The tool sneaky failed')
    const [call] = (await fixture.rest('GET', `/tool-calls?toolId=${tools.sneaky.id}`)).body.toolCalls
    expect(call).toMatchObject({ status: 'failed', httpStatus: null, error: expect.stringMatching(/169\.254\.169\.254|internal|refused/i) })
  })

  it('stops after 5 tool rounds and answers in text', async () => {
    fixture.provider.reset()
    fixture.provider.script([{ toolCalls: [{ name: 'getOrder', arguments: { orderId: 'A-1001' } }], times: Infinity }])
    const alice = await fixture.connect('alice')
    const direct = alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })
    const conversationId = (await direct).data.id
    const before = (await fixture.rest('GET', `/tool-calls?conversationId=${conversationId}&limit=500`)).body.toolCalls.length
    const sent = await alice.sendMessage(conversationId, 'keep looking')
    const { final } = await waitForReply(alice, conversationId, 'shopbot', sent.seq, 15_000)
    fixture.provider.reset()
    expect(final.body.text).toContain('Tool result:')
    const calls = (await fixture.rest('GET', `/tool-calls?conversationId=${conversationId}&limit=500`)).body.toolCalls
    expect(calls.length - before).toBe(5)
  })

  it('connects an MCP server built with the SDK, lists its tools and a bot calls one', async () => {
    const connected = await fixture.rest('POST', '/tools/mcp', { name: 'parcels', url: mcpUrl, headers: { Authorization: `Bearer ${MCP_TOKEN}` } })
    expect(connected.status).toBe(201)
    expect(connected.body.tools).toEqual([expect.objectContaining({ name: 'track_parcel', kind: 'mcp', risk: 'read', mcp: { serverId: connected.body.server.id, toolName: 'track_parcel' } })])
    expect(JSON.stringify(connected.body)).not.toContain(MCP_TOKEN)
    const trackId = connected.body.tools[0].id
    expect((await fixture.rest('PATCH', '/bots/shopbot', { toolIds: [tools.getOrder.id, trackId] })).status).toBe(200)

    fixture.provider.script([{ toolCalls: [{ name: 'track_parcel', arguments: { orderId: 'A-1001' } }] }])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'shopbot' })).data
    const sent = await alice.sendMessage(direct.id, 'where is the parcel?')
    const { final } = await waitForReply(alice, direct.id, 'shopbot', sent.seq)
    expect(final.body.text).toBe('Tool result: parcel of A-1001: out for delivery')
    expect(mcpCalls).toEqual([{ orderId: 'A-1001' }])
    const jwks = createRemoteJWKSet(new URL(`${fixture.server.url}/api/v1/apps/${fixture.app.id}/jwks.json`))
    const { payload } = await jwtVerify(String(mcpIdentities[0]), jwks, { issuer: fixture.app.id, audience: trackId, algorithms: ['ES256'] })
    expect(payload).toMatchObject({ sub: 'alice', conversationId: direct.id })
    expect(mcpAuth.every((value) => value === `Bearer ${MCP_TOKEN}`)).toBe(true)

    // the server announces a new tool: the stored list follows, the known tool keeps its id
    mcp.registerTool('parcel_eta', { description: 'When a parcel arrives', inputSchema: { orderId: z.string() } }, async () => ({ content: [{ type: 'text', text: 'tomorrow' }] }))
    await expect
      .poll(async () => (await fixture.rest('GET', '/tools')).body.tools.filter((tool: any) => tool.kind === 'mcp').map((tool: any) => [tool.name, tool.risk]), { timeout: 5000 })
      .toEqual([['track_parcel', 'read'], ['parcel_eta', 'write']])
    expect((await fixture.rest('GET', `/tools/${trackId}`)).status).toBe(200)
    expect((await fixture.rest('GET', '/tools/mcp')).body.servers).toEqual([expect.objectContaining({ id: connected.body.server.id, name: 'parcels', url: mcpUrl })])
    expect(JSON.stringify((await fixture.rest('GET', '/tools/mcp')).body)).not.toContain(MCP_TOKEN)
  })

  it('keeps a complete audit record of every call, with no secret or identity token in it', async () => {
    const { body } = await fixture.rest('GET', '/tool-calls?limit=500')
    expect(body.toolCalls.length).toBeGreaterThanOrEqual(10)
    for (const call of body.toolCalls) {
      expect(call).toMatchObject({ id: expect.any(String), toolId: expect.any(String), tool: expect.any(String), botId: 'shopbot', userId: 'alice', conversationId: expect.any(String), argumentsHash: expect.stringMatching(/^[0-9a-f]{64}$/) })
      expect(['not_required', 'approved', 'declined', 'expired', 'pending']).toContain(call.approval)
      if (call.status === 'succeeded') expect(call.latencyMs).toEqual(expect.any(Number))
    }
    expect(body.toolCalls.filter((call: any) => call.status === 'succeeded' && call.httpStatus === 200).length).toBeGreaterThan(0)
    const text = JSON.stringify(body)
    expect(text).not.toContain(API_KEY)
    expect(text).not.toContain(MCP_TOKEN)
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/) // no JWT
    for (const hit of service.hits) if (hit.headers['warbler-identity']) expect(text).not.toContain(String(hit.headers['warbler-identity']))
    const other = await fixture.server.createApp('other')
    expect((await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/tool-calls`, { secret: other.secret })).status).toBe(401)
    expect((await fixture.server.rest('GET', `/api/v1/apps/app_nope/jwks.json`)).status).toBe(404)
    const jwks = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/jwks.json`)
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) })])
    expect(jwks.body.keys[0].d).toBeUndefined()

    // disconnecting the MCP server removes its tools
    const [server] = (await fixture.rest('GET', '/tools/mcp')).body.servers
    expect((await fixture.rest('DELETE', `/tools/mcp/${server.id}`)).status).toBe(200)
    expect((await fixture.rest('GET', '/tools')).body.tools.filter((tool: any) => tool.kind === 'mcp')).toEqual([])
    expect((await fixture.rest('DELETE', `/tools/mcp/${server.id}`)).status).toBe(404)
  })
})
