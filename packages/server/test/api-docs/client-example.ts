/*
 * A small integration written against the TypeScript client `openapi-typescript` generates from
 * /api/v1/openapi.json (the test writes it next to this file as warbler-api.d.ts). The test
 * type-checks it with tsc — the `@ts-expect-error` lines must stay errors — and then runs it
 * against a live server.
 */
import type { components, operations, paths, webhooks } from './warbler-api.js'

type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never
type Answer<Operation, Status extends number> = Operation extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } } ? Body : never

export type CreateUserBody = JsonBody<operations['createUser']>
export type User = Answer<operations['createUser'], 201>
export type SendMessageBody = JsonBody<operations['sendMessage']>
export type SendMessageAnswer = Answer<operations['sendMessage'], 200>
export type ApiError = components['schemas']['Error']
// Models are named once (components.schemas) and shared by every operation that answers them.
export type Conversation = components['schemas']['Conversation']
export const sameUserModel = (user: User): components['schemas']['User'] => user
export type LeadEvent = webhooks['support.lead']['post']['requestBody']['content']['application/json']

// The path keys are typed too: a typo is a compile error.
const USERS: keyof paths = '/api/v1/apps/{appId}/users'
const MESSAGES: keyof paths = '/api/v1/apps/{appId}/messages'
const TOKENS: keyof paths = '/api/v1/apps/{appId}/users/{userId}/tokens'
// @ts-expect-error there is no such path
const NOWHERE: keyof paths = '/api/v1/apps/{appId}/nowhere'

// @ts-expect-error name is required to create a user
export const withoutName: CreateUserBody = { id: 'alice' }
// @ts-expect-error a text body needs its text
export const withoutText: SendMessageBody = { from: 'alice', to: 'bob', body: { type: 'text' } }
// @ts-expect-error a lead event is always of type support.lead
export const wrongType: LeadEvent['type'] = 'message.created'

/** Why a call failed, in the API's own words. */
export class WarblerApiError extends Error {
  constructor(readonly status: number, readonly body: ApiError) {
    super(`${status} ${body.error.code}: ${body.error.message}`)
  }
}

async function call<T>(base: string, secret: string, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json: unknown = await response.json()
  if (!response.ok) throw new WarblerApiError(response.status, json as ApiError)
  return json as T
}

/** Creates two users, greets one from the other, mints a token: the first minutes of an integration. */
export async function onboard(base: string, appId: string, secret: string): Promise<{ alice: User; sent: SendMessageAnswer; token: string; unknownSender: ApiError['error']['code'] }> {
  const app = (path: string) => path.replace('{appId}', encodeURIComponent(appId))
  const alice = await call<User>(base, secret, 'POST', app(USERS), { id: 'alice', name: 'Alice' } satisfies CreateUserBody)
  await call<User>(base, secret, 'POST', app(USERS), { id: 'bob', name: 'Bob' } satisfies CreateUserBody)
  const greeting: SendMessageBody = { from: alice.id, to: 'bob', body: { type: 'text', text: 'Hello Bob' }, clientMsgId: 'greeting-1' }
  const sent = await call<SendMessageAnswer>(base, secret, 'POST', app(MESSAGES), greeting)
  const tokenAnswer = await call<Answer<operations['createUserToken'], 201>>(base, secret, 'POST', app(TOKENS).replace('{userId}', 'bob'), {})
  let unknownSender = 'none' as ApiError['error']['code']
  try {
    await call<SendMessageAnswer>(base, secret, 'POST', app(MESSAGES), { ...greeting, from: 'nobody', clientMsgId: 'greeting-2' })
  } catch (error) {
    if (error instanceof WarblerApiError) unknownSender = error.body.error.code
  }
  void NOWHERE
  return { alice, sent, token: tokenAnswer.token, unknownSender }
}
