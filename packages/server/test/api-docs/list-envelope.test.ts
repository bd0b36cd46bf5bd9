import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema & { deprecated?: boolean }>; items?: Schema }
type Operation = { operationId: string; security: Record<string, unknown>[]; responses: Record<string, { content?: Record<string, { schema: Schema }> }> }

let server: TestServer
let app: { id: string; secret: string }
let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } }

beforeAll(async () => {
  server = await startTestServer()
  app = await server.createApp()
  document = (await server.rest('GET', '/api/v1/openapi.json')).body
})
afterAll(async () => server?.close())

function resolve(schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema
}

const get = (path: string) => server.rest('GET', `/api/v1/apps/${app.id}${path}`, { secret: app.secret })
const send = (method: string, path: string, body: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, body })

describe('one list envelope', () => {
  it('documents every list operation as { items, next } with the old key, if any, deprecated', () => {
    const lists: string[] = []
    for (const item of Object.values(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method !== 'get' || !/^list[A-Z]/.test(operation.operationId)) continue
        lists.push(operation.operationId)
        const schema = resolve(operation.responses['200']?.content?.['application/json']?.schema)
        if (!schema) continue // answered without a schema: checked live below
        expect(Object.keys(schema.properties ?? {}), operation.operationId).toEqual(expect.arrayContaining(['items', 'next']))
        for (const [key, property] of Object.entries(schema.properties ?? {})) {
          const isArray = property.type === 'array' || resolve(property)?.type === 'array'
          if (key !== 'items' && isArray) expect(property.deprecated, `${operation.operationId}.${key}`).toBe(true)
        }
      }
    }
    expect(lists.length).toBeGreaterThan(30)
  })

  it('answers items and next, with the deprecated key holding the same array', async () => {
    await send('POST', '/users', { id: 'alice', name: 'Alice' })
    await send('POST', '/users', { id: 'bob', name: 'Bob' })
    const group = (await send('POST', '/groups', { name: 'g', ownerId: 'alice', memberIds: ['bob'] })).body
    for (let index = 0; index < 3; index += 1) await send('POST', '/messages', { from: 'alice', conversationId: group.id, body: { type: 'text', text: `m${index}` } })

    const users = (await get('/users?limit=1')).body
    expect(users).toMatchObject({ items: [{ id: 'alice' }], next: 'alice' })
    expect(users.users).toEqual(users.items)
    expect((await get(`/users?limit=1&after=${users.next}`)).body.items).toMatchObject([{ id: 'bob' }])

    const newest = (await get(`/conversations/${group.id}/messages?limit=2`)).body
    expect(newest.items.map((event: { seq: number }) => event.seq)).toEqual(newest.events.map((event: { seq: number }) => event.seq))
    expect(newest.next).toBe(String(newest.items[0].seq))
    expect(newest.hasMore).toBe(true)
    const older = (await get(`/conversations/${group.id}/messages?limit=100&beforeSeq=${newest.next}`)).body
    expect(older).toMatchObject({ next: null, hasMore: false })
    expect(older.items.length).toBeGreaterThan(0)

    const members = (await get(`/conversations/${group.id}/members`)).body
    expect(members).toMatchObject({ next: null })
    expect(members.items.map((member: { userId: string }) => member.userId).sort()).toEqual(['alice', 'bob'])
    expect(members.members).toEqual(members.items)

    const conversations = (await get('/users/alice/conversations?limit=1')).body
    expect(conversations.items).toHaveLength(1)
    expect(typeof conversations.next === 'string' || conversations.next === null).toBe(true)

    const kb = (await send('POST', '/knowledge-bases', { name: 'Help' })).body
    expect(typeof kb.createdAt).toBe('number')
    await send('POST', `/knowledge-bases/${kb.id}/documents`, { title: 'Refunds', text: 'Refunds take five days.' })
    const bases = (await get('/knowledge-bases')).body
    expect(bases).toMatchObject({ items: [{ id: kb.id, createdAt: kb.createdAt }], next: null })
    expect(bases.knowledgeBases).toEqual(bases.items)
    const documents = (await get(`/knowledge-bases/${kb.id}/documents`)).body
    expect(documents).toMatchObject({ next: null, items: [{ title: 'Refunds', createdAt: expect.any(Number), updatedAt: expect.any(Number) }] })
    expect(Math.abs(documents.items[0].createdAt - Date.now())).toBeLessThan(60_000)
    expect(documents.documents).toEqual(documents.items)
    expect((await get(`/knowledge-bases/${kb.id}/documents/${documents.items[0].id}`)).body.createdAt).toBe(documents.items[0].createdAt)

    const bots = (await get('/bots')).body
    expect(bots).toEqual({ items: [], next: null, bots: [] })
    const webhooks = (await get('/webhooks')).body
    expect(webhooks).toEqual({ items: [], next: null, webhooks: [] })
    const support = (await get('/support/conversations')).body
    expect(support).toMatchObject({ items: [], next: null, conversations: [], counts: expect.any(Object) })
    const gaps = (await get('/knowledge-gaps')).body
    expect(gaps).toMatchObject({ items: [], next: null, gaps: [], since: expect.any(Number) })
    expect((await get('/eval-sets')).body).toEqual({ items: [], next: null, evalSets: [] })
    expect((await get('/push/deliveries')).body).toEqual({ items: [], next: null })
  })
})
