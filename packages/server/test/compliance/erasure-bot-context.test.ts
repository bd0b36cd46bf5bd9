import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, waitForReply, type BotFixture } from '../bots/bot-fixture.js'

describe('erasure and a bot’s context', () => {
  let fixture: BotFixture
  beforeAll(async () => {
    fixture = await startBotFixture(['alice', 'bob'])
    await fixture.createBot({ id: 'helper', name: 'Helper', provider: fakeProvider(fixture.provider) })
  })
  afterAll(() => fixture.close())

  it('no longer shows the model anything the erased user wrote', async () => {
    const alice = await fixture.connect('alice')
    const bob = await fixture.connect('bob')
    const group = (await bob.request({ type: 'group.create', name: 'Lockers', memberIds: ['alice', 'helper'] })).data
    await alice.sendMessage(group.id, 'my locker code is 4711-zebra, call me on 13812345678')
    const ask = async (clientMsgId: string) => {
      fixture.provider.script([{ reply: 'Noted.' }])
      const asked = await bob.request({ type: 'message.send', clientMsgId, conversationId: group.id, body: { type: 'text', text: '@Helper what is the locker code?', mentions: ['helper'] } })
      await waitForReply(bob, group.id, 'helper', asked.seq)
      await fixture.idle()
      return JSON.stringify(fixture.provider.requests.at(-1)!.body)
    }
    const before = await ask('ask-before')
    expect(before).toContain('4711-zebra')
    expect(before).toContain('[PHONE_1]') // the phone number is kept behind a placeholder, in the bot's redaction state

    const erased = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/users/alice/erase`, { secret: fixture.app.secret })
    expect(erased.body.counts).toMatchObject({ messages: 1, redactionStates: 1 })
    const after = await ask('ask-after')
    expect(after).not.toContain('4711')
    expect(after).not.toContain('locker code is')
    expect(await fixture.server.server.context.storage.bots!.getRedactionState(fixture.app.id, 'helper', group.id)).toBeUndefined()
  })
})
