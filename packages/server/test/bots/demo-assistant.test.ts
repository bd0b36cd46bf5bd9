import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoSeed } from '../../src/demo-seed.js'
import { RawClient } from '../helpers/raw-client.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitForReply } from './bot-fixture.js'

describe('the demo assistant', () => {
  let server: TestServer
  let client: RawClient | undefined

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    client?.close()
    await server.close()
  })

  it('answers offline from Warbler’s own docs with a citation, in its direct conversation with alice', async () => {
    const { context } = server.server
    const demo = (await ensureDemoSeed(context))!
    await context.knowledge.whenIdle()
    const { token } = await context.users.mintToken(demo.appId, 'alice')
    client = await RawClient.connect(server.url, token)
    const direct = (await client.request({ type: 'conversation.open-direct', peerId: 'assistant' })).data
    await context.botRuntime.idle()
    const history = (await client.request({ type: 'history', conversationId: direct.id, afterSeq: 0 })).data
    expect(history.events.filter((event: any) => event.kind === 'message')).toHaveLength(1)
    expect(history.events[0]).toMatchObject({ senderId: 'assistant', body: { text: expect.stringContaining('Warbler') } })
    const group = (await client.request({ type: 'conversation.get', conversationId: demo.groupId })).data
    expect(group.memberCount).toBe(4)

    const asked = await client.sendMessage(direct.id, 'How do I deploy Warbler with PostgreSQL and Redis?')
    const { final } = await waitForReply(client, direct.id, 'assistant', asked.seq)
    expect(final.ext.handoff).toBeUndefined()
    expect(final.ext.citations.length).toBeGreaterThan(0)
    expect(final.ext.citations[0].title).toMatch(/\.md$/)
    expect(final.body.text).toContain('[1]')

    // a second start finds the assistant already there
    await ensureDemoSeed(context)
    expect((await context.bots.list(demo.appId)).map((bot) => bot.id)).toEqual(['assistant'])
  })
})
