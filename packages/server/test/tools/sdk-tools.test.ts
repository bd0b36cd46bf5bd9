import { toolConfirmOf, WarblerClient, type Message } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { orderSpec, startOrderService, startToolFixture, type OrderService } from './tool-fixture.js'

describe('the SDK answers tool confirmations: client.tools.decide', () => {
  let fixture: Awaited<ReturnType<typeof startToolFixture>>
  let service: OrderService
  let toolIds: string[] = []
  const clients: WarblerClient[] = []

  beforeAll(async () => {
    fixture = await startToolFixture(['alice', 'bob'])
    service = await startOrderService(
      () => `${fixture.server.url}/api/v1/apps/${fixture.app.id}/jwks.json`,
      () => toolIds,
      () => fixture.app.id,
    )
    const imported = await fixture.rest('POST', '/tools/import-openapi', { spec: orderSpec(service.url) })
    toolIds = imported.body.tools.map((tool: { id: string }) => tool.id)
    const bot = await fixture.rest('POST', '/bots', { id: 'shopbot', name: 'Shop bot', provider: { baseUrl: fixture.provider.baseURL, apiKey: 'sk-provider', model: 'fake-primary' }, toolIds })
    expect(bot.status).toBe(201)
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await fixture.close()
    await service.close()
  })

  async function connected(userId: string): Promise<WarblerClient> {
    const client = new WarblerClient({ url: fixture.server.url, token: fixture.tokens[userId]! })
    clients.push(client)
    await client.connect()
    return client
  }

  function next(client: WarblerClient, match: (message: Message) => boolean, timeoutMs = 8000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message')), timeoutMs)
      client.on('message', (message) => {
        if (!match(message)) return
        clearTimeout(timer)
        resolve(message)
      })
    })
  }

  it('approves with the user’s own token: the call runs, another user is refused, a second answer is refused', async () => {
    const alice = await connected('alice')
    const bob = await connected('bob')
    const conversation = await alice.openDirect('shopbot')
    const args = { orderId: 'A-7007', body: { reason: 'ordered twice' } }
    fixture.provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: args }] }, { reply: 'Done.' }])
    const confirmed = next(alice, (message) => message.conversationId === conversation.id && toolConfirmOf(message.body) !== undefined)
    await alice.send(conversation.id, { type: 'text', text: 'Cancel A-7007' })
    const confirm = toolConfirmOf((await confirmed).body)!
    expect(confirm).toMatchObject({ tool: 'cancelOrder', arguments: args, summary: `cancelOrder: POST ${service.url}/orders/A-7007` })
    await fixture.idle()
    const before = service.hits.length

    await expect(bob.tools.decide(confirm.toolCallId, { approve: true, arguments: confirm.arguments })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(alice.tools.decide(confirm.toolCallId, { approve: true, arguments: { ...args, orderId: 'B-1' } })).rejects.toMatchObject({ code: 'conflict' })
    expect(service.hits.length).toBe(before)

    const outcome = next(alice, (message) => message.conversationId === conversation.id && (message.ext as { toolCallId?: string } | undefined)?.toolCallId === confirm.toolCallId)
    const call = await alice.tools.decide(confirm.toolCallId, { approve: true, arguments: confirm.arguments })
    expect(call).toMatchObject({ id: confirm.toolCallId, userId: 'alice', status: 'succeeded', approval: 'approved', httpStatus: 200 })
    expect(service.hits.at(-1)).toMatchObject({ method: 'POST', path: '/orders/A-7007', identity: { sub: 'alice' } })
    expect((await outcome).body?.type).toBe('text')

    await expect(alice.tools.decide(confirm.toolCallId, { approve: false })).rejects.toMatchObject({ code: 'conflict' })
    expect(service.hits.length).toBe(before + 1)
  })

  it('a decline runs nothing, and a client given only getToken answers with the token it fetches', async () => {
    const alice = new WarblerClient({ url: fixture.server.url, getToken: async () => fixture.tokens.alice! })
    clients.push(alice)
    await alice.connect()
    const conversation = await alice.openDirect('shopbot')
    fixture.provider.script([{ toolCalls: [{ name: 'cancelOrder', arguments: { orderId: 'C-8', body: { reason: 'late' } } }] }, { reply: 'Waiting for you.' }])
    const confirmed = next(alice, (message) => message.conversationId === conversation.id && toolConfirmOf(message.body) !== undefined)
    await alice.send(conversation.id, { type: 'text', text: 'Cancel C-8' })
    const confirm = toolConfirmOf((await confirmed).body)!
    await fixture.idle()
    const before = service.hits.length
    expect(await alice.tools.decide(confirm.toolCallId, { approve: false, arguments: confirm.arguments })).toMatchObject({ status: 'declined', approval: 'declined' })
    expect(service.hits.length).toBe(before)
  })
})
