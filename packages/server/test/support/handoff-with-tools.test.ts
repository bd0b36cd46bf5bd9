import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForReply } from '../bots/bot-fixture.js'
import { startToolFixture } from '../tools/tool-fixture.js'
import { until } from './support-fixture.js'

/** A bot with its own tools in an app with agents is offered `handoff` too: a failed lookup can go to a person. */
describe('hand-off beside a bot’s own tools', () => {
  let fixture: Awaited<ReturnType<typeof startToolFixture>>
  let orders: Server

  beforeAll(async () => {
    fixture = await startToolFixture(['cus', 'lin'])
    // The order system is down.
    orders = createServer((_request, response) => response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}'))
    await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(orders.address() as AddressInfo).port}/orders/{orderId}`
    const tool = await fixture.rest('POST', '/tools', { name: 'getOrder', description: 'Where an order is', parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] }, http: { method: 'GET', url, parameters: [{ name: 'orderId', in: 'path' }] } })
    expect(tool.status).toBe(201)
    const bot = await fixture.rest('POST', '/bots', { id: 'shop', name: 'Shop', provider: { baseUrl: fixture.provider.baseURL, apiKey: 'sk-provider', model: 'fake-primary' }, toolIds: [tool.body.id] })
    expect(bot.status).toBe(201)
    expect((await fixture.rest('PUT', '/agents/lin', {})).status).toBe(200)
    await fixture.connect('lin')
  })
  afterAll(async () => {
    await fixture?.close()
    orders?.closeAllConnections()
    await new Promise<void>((resolve) => orders.close(() => resolve()))
  })

  it('offers the bot’s tools and handoff in one loop; after the tool fails the model hands off with tool_failure', async () => {
    const customer = await fixture.connect('cus')
    const direct = (await customer.request({ type: 'conversation.open-direct', peerId: 'shop' })).data
    await fixture.idle()
    fixture.provider.script([
      { toolCalls: [{ name: 'getOrder', arguments: { orderId: 'A-1001' } }] },
      { toolCalls: [{ name: 'handoff', arguments: { reason: 'tool_failure', summary: 'Order lookup for A-1001 failed (order system unavailable).' } }] },
      { reply: 'Our order system is down; a colleague will take over.' },
    ])
    const asked = await customer.sendMessage(direct.id, 'Where is my order A-1001?')
    const { final } = await waitForReply(customer, direct.id, 'shop', asked.seq)
    expect(final.body.text).toContain('a colleague will take over')

    const offered = fixture.provider.requests.find((request) => request.body?.tools)
    expect(offered?.body.tools.map((tool: any) => tool.function.name).sort()).toEqual(['getOrder', 'handoff'])
    // What the model read back after the failed lookup points it at the hand-off.
    const afterLookup = fixture.provider.requests.map((request) => JSON.stringify(request.body?.messages ?? [])).find((messages) => messages.includes('HTTP 503'))
    expect(afterLookup).toContain('call handoff with reason tool_failure')

    const state = await until(async () => {
      const body = (await fixture.rest('GET', `/conversations/${direct.id}/support`)).body
      return body.status === 'assigned' ? body : undefined
    }, 'the hand-off assigned')
    expect(state).toMatchObject({ assigneeId: 'lin', reason: 'tool_failure', summary: 'Order lookup for A-1001 failed (order system unavailable).' })
    const calls = (await fixture.rest('GET', `/tool-calls?conversationId=${direct.id}`)).body.toolCalls
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ tool: 'getOrder', status: 'failed', httpStatus: 503 })
  })
})
