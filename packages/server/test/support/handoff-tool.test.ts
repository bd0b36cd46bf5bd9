import { afterEach, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, waitForReply, type BotFixture } from '../bots/bot-fixture.js'
import { until } from './support-fixture.js'

describe('the model’s handoff tool', () => {
  let fixture: BotFixture
  afterEach(async () => {
    await fixture?.close()
  })

  it('hands off with the model’s reason and summary, and the model tells the customer', async () => {
    fixture = await startBotFixture(['cus', 'lin'])
    const { app, server } = fixture
    const api = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
    await fixture.createBot({ id: 'smart', name: 'Smart', provider: fakeProvider(fixture.provider) })
    expect((await api('PUT', '/agents/lin', {})).status).toBe(200)
    await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const direct = (await customer.request({ type: 'conversation.open-direct', peerId: 'smart' })).data
    await fixture.idle()
    fixture.provider.script([
      { toolCalls: [{ name: 'handoff', arguments: { reason: 'policy', summary: 'Wants a refund above the bot’s limit (order A-1001).' } }] },
      { reply: 'A colleague will take over in a moment.' },
    ])
    const asked = await customer.sendMessage(direct.id, 'I want a refund of 900 euros for order A-1001')
    const { final } = await waitForReply(customer, direct.id, 'smart', asked.seq)
    expect(final.body.text).toContain('A colleague will take over')
    const offered = fixture.provider.requests.find((request) => request.body?.tools)
    expect(offered?.body.tools.map((tool: any) => tool.function.name)).toContain('handoff')
    const state = await until(async () => {
      const body = (await api('GET', `/conversations/${direct.id}/support`)).body
      return body.status === 'assigned' ? body : undefined
    }, 'the hand-off assigned')
    expect(state).toMatchObject({ assigneeId: 'lin', reason: 'policy', summary: 'Wants a refund above the bot’s limit (order A-1001).' })

    // While Lin holds it the model is not asked again.
    const before = fixture.provider.requests.length
    await customer.sendMessage(direct.id, 'hello?')
    await fixture.idle()
    expect(fixture.provider.requests.length).toBe(before)
  })
})
