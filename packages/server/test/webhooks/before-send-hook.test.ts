import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../src/webhooks/verify-signature.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver, type ReceivedRequest } from './receiver.js'

/** The moderation a test app runs: decides by the message text. */
function moderate(request: ReceivedRequest) {
  const text: string = JSON.parse(request.body).data.body.text ?? ''
  if (text.includes('spam')) return { status: 200, body: JSON.stringify({ action: 'reject', reason: 'No spam here.' }) }
  if (text.includes('darn')) return { status: 200, body: JSON.stringify({ action: 'rewrite', body: { type: 'text', text: text.replaceAll('darn', '****') } }) }
  if (text.includes('slow')) return { status: 200, body: JSON.stringify({ action: 'allow' }), delayMs: 1500 }
  if (text.includes('broken')) return { status: 200, body: JSON.stringify({ action: 'rewrite', body: { type: 'text' } }) }
  return { status: 200, body: JSON.stringify({ action: 'allow' }) }
}

describe('the before-send hook', () => {
  let server: TestServer
  let receiver: TestReceiver
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  let conversationId: string
  let alice: RawClient
  let bob: RawClient
  let hookSecret: string

  const putHook = (body: Record<string, unknown>) => server.rest('PUT', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret, body: { url: `${receiver.url}/before-send`, ...body } })
  const restSend = (text: string) =>
    server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', conversationId, body: { type: 'text', text } } })

  beforeAll(async () => {
    server = await startTestServer({ server: { webhooks: FAST_WEBHOOKS } })
    receiver = await TestReceiver.start()
    receiver.answer = moderate
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice', 'bob'])
    alice = await RawClient.connect(server.url, tokens.alice!)
    bob = await RawClient.connect(server.url, tokens.bob!)
    conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: 'bob' })).data.id
    const created = await putHook({ timeoutMs: 300, failMode: 'open' })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ timeoutMs: 300, failMode: 'open', enabled: true })
    hookSecret = created.body.secret
    expect(hookSecret).toMatch(/^hksec_/)
  })
  afterAll(async () => {
    alice.close()
    bob.close()
    await server.close()
    await receiver.close()
  })

  it('lets allowed messages through, signed, over the WebSocket and REST', async () => {
    const ack = await alice.sendMessage(conversationId, 'hello bob')
    expect(ack).toMatchObject({ type: 'ack', conversationId })
    const [event] = await bob.events(conversationId, 1)
    expect(event.body.text).toBe('hello bob')
    const asked = receiver.requests.at(-1)!
    expect(JSON.parse(asked.body)).toMatchObject({ type: 'message.before-send', appId: app.id, data: { conversationId, senderId: 'alice', body: { type: 'text', text: 'hello bob' } } })
    expect(verifyWebhookSignature(asked.headers['warbler-signature'] as string, asked.body, hookSecret, 60)).toBe(true)
    expect((await restSend('hello again')).status).toBeLessThan(300)
  })

  it('refuses what the hook rejects, with its reason, and stores nothing', async () => {
    const refused = await alice.sendMessage(conversationId, 'buy spam now')
    expect(refused).toMatchObject({ type: 'error', code: 'rejected_by_hook', message: 'No spam here.' })
    const rest = await restSend('more spam')
    expect(rest.status).toBe(403)
    expect(rest.body.error).toMatchObject({ code: 'rejected_by_hook', message: 'No spam here.' })
    const history = await alice.request({ type: 'history', conversationId, afterSeq: 0, limit: 100 })
    expect(history.data.events.some((entry: { body?: { text?: string } }) => entry.body?.text?.includes('spam'))).toBe(false)
  })

  it('stores the rewritten body, and refuses a rewrite that is not a valid body when failing closed', async () => {
    const ack = await alice.sendMessage(conversationId, 'darn it')
    const stored = await alice.request({ type: 'history', conversationId, afterSeq: ack.seq - 1, limit: 1 })
    expect(stored.data.events[0].body.text).toBe('**** it')
    const rest = await restSend('oh darn')
    const restStored = await alice.request({ type: 'history', conversationId, afterSeq: rest.body.seq - 1, limit: 1 })
    expect(restStored.data.events[0].body.text).toBe('oh ****')
    await putHook({ timeoutMs: 300, failMode: 'closed' })
    expect(await alice.sendMessage(conversationId, 'broken rewrite')).toMatchObject({ type: 'error', code: 'rejected_by_hook' })
    await putHook({ timeoutMs: 300, failMode: 'open' })
  })

  it('lets a message through when the hook times out and fails open, and refuses it when it fails closed', async () => {
    const open = await alice.sendMessage(conversationId, 'slow but open')
    expect(open).toMatchObject({ type: 'ack' })
    expect((await restSend('slow REST open')).status).toBeLessThan(300)

    const closed = await putHook({ timeoutMs: 300, failMode: 'closed' })
    expect(closed.body.secret).toBeUndefined()
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret })).body).toMatchObject({ failMode: 'closed', timeoutMs: 300 })
    expect(await alice.sendMessage(conversationId, 'slow and closed')).toMatchObject({ type: 'error', code: 'rejected_by_hook' })
    const rest = await restSend('slow REST closed')
    expect(rest.body.error.code).toBe('rejected_by_hook')

    // a hook that cannot be reached at all is the same as a timeout
    await putHook({ url: 'http://127.0.0.1:9/unreachable', failMode: 'closed' })
    expect(await alice.sendMessage(conversationId, 'nobody home')).toMatchObject({ type: 'error', code: 'rejected_by_hook' })
    await putHook({ url: 'http://127.0.0.1:9/unreachable', failMode: 'open' })
    expect(await alice.sendMessage(conversationId, 'nobody home, open')).toMatchObject({ type: 'ack' })
  })

  it('stops asking once the hook is disabled or deleted', async () => {
    await putHook({ failMode: 'closed', enabled: false })
    expect(await alice.sendMessage(conversationId, 'spam while disabled')).toMatchObject({ type: 'ack' })
    expect((await server.rest('DELETE', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret })).status).toBe(200)
    expect(await alice.sendMessage(conversationId, 'spam without a hook')).toMatchObject({ type: 'ack' })
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret })).status).toBe(404)
  })
})
