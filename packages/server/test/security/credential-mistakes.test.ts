// Errors that say what to do: the usual credential mix-ups name the mistake, and the same mistake
// gets the same code over REST and the WebSocket.
import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

let server: TestServer
let appA: { id: string; secret: string }
let appB: { id: string; secret: string }
let tokens: Record<string, string>
const raw: RawClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  appA = await server.createApp('A')
  appB = await server.createApp('B')
  tokens = await createUsers(server, appA, ['alice', 'bob'])
})
afterAll(async () => {
  for (const client of raw) client.close()
  await server?.close()
})

it('a user token sent to REST says REST wants the app secret', async () => {
  const answer = await server.rest('GET', `/api/v1/apps/${appA.id}/users/alice`, { secret: tokens.alice })
  expect(answer.status).toBe(401)
  expect(answer.body.error).toMatchObject({ code: 'invalid_credentials', details: { reason: 'user_token' } })
  expect(answer.body.error.message).toMatch(/user token.*app secret/)
})

it('a valid secret with the wrong app id says they do not match', async () => {
  const answer = await server.rest('GET', `/api/v1/apps/${appA.id}/users/alice`, { secret: appB.secret })
  expect(answer.status).toBe(401)
  expect(answer.body.error).toMatchObject({ code: 'invalid_credentials', details: { reason: 'app_mismatch' } })
  expect(answer.body.error.message).toContain('do not match')
  expect(answer.body.error.message).toContain(appA.id)
  // A secret that is nobody's stays a plain refusal, and never echoes the secret.
  const unknown = await server.rest('GET', `/api/v1/apps/${appA.id}/users/alice`, { secret: 'wsk_not-a-real-secret' })
  expect(unknown.body.error).toEqual({ code: 'invalid_credentials', message: 'The app secret is not valid for this app.' })
  expect(JSON.stringify(answer.body)).not.toContain(appB.secret)
})

it('an app secret given to the client says clients use user tokens', async () => {
  const client = new WarblerClient({ url: server.url, token: appA.secret, requestTimeoutMs: 5000 })
  client.on('error', () => undefined)
  await expect(client.connect()).rejects.toMatchObject({ code: 'invalid_credentials', message: expect.stringMatching(/app secret.*user token/) })
  await client.close()
})

it('text over the limit is text_too_long over REST and over the WebSocket alike', async () => {
  const long = { type: 'text', text: 'x'.repeat(10_001) }
  const overRest = await server.rest('POST', `/api/v1/apps/${appA.id}/messages`, { secret: appA.secret, body: { from: 'alice', to: 'bob', body: long } })
  expect(overRest).toMatchObject({ status: 413, body: { error: { code: 'text_too_long' } } })
  const socket = await RawClient.connect(server.url, tokens.alice!)
  raw.push(socket)
  const conversation = await socket.request({ type: 'conversation.open-direct', peerId: 'bob' })
  const overSocket = await socket.request({ type: 'message.send', clientMsgId: 'long-1', conversationId: conversation.data.id, body: long })
  expect(overSocket).toMatchObject({ type: 'error', code: 'text_too_long' })
  // Other bad fields stay validation_failed on both.
  const badRest = await server.rest('POST', `/api/v1/apps/${appA.id}/messages`, { secret: appA.secret, body: { from: 'alice', to: 'bob', body: { type: 'text', text: '' } } })
  const badSocket = await socket.request({ type: 'message.send', clientMsgId: 'empty-1', conversationId: conversation.data.id, body: { type: 'text', text: '' } })
  expect([badRest.body.error.code, badSocket.code]).toEqual(['validation_failed', 'validation_failed'])
})
