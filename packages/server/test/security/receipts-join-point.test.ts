import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Security review finding 16: `message.receipts` answered for messages sent before a member joined a
// group whose history is hidden from new members, which told them those messages existed and who read them.
describe('message.receipts and the join point', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  const open: RawClient[] = []

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    tokens = await createUsers(server, app, ['ann', 'ben', 'cat'])
  })
  afterAll(async () => {
    for (const client of open) client.close()
    await server.close()
  })

  const connect = async (user: string) => {
    const client = await RawClient.connect(server.url, tokens[user]!)
    open.push(client)
    return client
  }

  it('refuses receipts for a message before the join point and answers for one after it', async () => {
    const call = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
    const group = (await call('POST', '/groups', { name: 'Hidden', ownerId: 'ann', memberIds: ['cat'], settings: { historyVisibleToNewMembers: false } })).body
    const ann = await connect('ann')
    const before = await ann.sendMessage(group.id, 'before ben joined')
    expect(before.type).toBe('ack')
    expect((await call('POST', `/groups/${group.id}/members`, { userIds: ['ben'] })).status).toBe(200)
    const after = await ann.sendMessage(group.id, 'after ben joined')

    const ben = await connect('ben')
    const hidden = await ben.request({ type: 'message.receipts', conversationId: group.id, seq: before.seq })
    expect(hidden.type).toBe('error')
    expect(hidden.code).toBe('not_found')
    const visible = await ben.request({ type: 'message.receipts', conversationId: group.id, seq: after.seq })
    expect(visible.type).toBe('result')

    const cat = await connect('cat')
    expect((await cat.request({ type: 'message.receipts', conversationId: group.id, seq: before.seq })).type).toBe('result')
  })
})
