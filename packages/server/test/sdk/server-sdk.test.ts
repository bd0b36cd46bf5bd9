// @warbler/sdk/server against the OpenAPI document and a real spawned server: every app-secret
// operation has an SDK method whose method and path are the document's; the committed generated
// types are the document's; and the methods run against `warbler start` (the built CLI).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { WarblerError } from '@warbler/protocol'
import { SUPPORT_OPERATIONS, WarblerServerApi, eachItem, verifyWebhookSignature, type FetchLike, type OperationInfo } from '@warbler/sdk/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js'
// @ts-expect-error a plain ES module of the SDK's scripts, without declarations
import { renderServerTypes } from '../../../sdk/scripts/render-server-types.mjs'

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const
const APP_BASE = '/api/v1/apps/{appId}'
type Operation = { operationId: string; security: Record<string, unknown>[]; requestBody?: { content: Record<string, unknown> }; parameters?: { in: string }[] }

let server: ServerProcess
let dataDir: string
let document: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> }
let app: { id: string; secret: string }
const adminKey = 'sdk-server-admin-key-0123456789abcdef'
let receiver: Server
const deliveries: { signature: string | undefined; raw: string }[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'warbler-sdk-server-'))
  receiver = createServer((request, response) => {
    let raw = ''
    request.on('data', (chunk) => (raw += String(chunk)))
    request.on('end', () => {
      deliveries.push({ signature: request.headers['warbler-signature'] as string | undefined, raw })
      response.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready))
  server = await spawnServer({ dataDir, adminKey, env: { WARBLER_OUTBOUND_ALLOWLIST: '127.0.0.1/32' } })
  document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as typeof document
  const created = await fetch(`${server.url}/api/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'SDK app' }) })
  app = (await created.json()) as { id: string; secret: string }
}, 60_000)

afterAll(async () => {
  await new Promise((closed) => receiver?.close(closed))
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM')
    await server.exited
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** Every SDK method bound to an operation, by where it sits (`users.get`). */
function sdkMethods(api: WarblerServerApi): Map<string, OperationInfo> {
  const found = new Map<string, OperationInfo>()
  for (const [namespace, value] of Object.entries(api)) {
    if (typeof value !== 'object' || value === null) continue
    for (const [name, method] of Object.entries(value)) {
      const info = (method as { operation?: OperationInfo }).operation
      if (typeof method === 'function' && info) found.set(`${namespace}.${name}`, info)
    }
  }
  return found
}

function appSecretOperations(): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method]
      return operation && operation.security.some((scheme) => 'appSecret' in scheme) ? [{ method: method.toUpperCase(), path, operation }] : []
    }),
  )
}

describe('@warbler/sdk/server against the OpenAPI document', () => {
  it('has a method for every app-secret operation, each with the document’s method and path', () => {
    const api = new WarblerServerApi({ url: server.url, appId: 'app_x', secret: 'x' })
    const methods = sdkMethods(api)
    const byOperation = new Map<string, string[]>()
    for (const [where, info] of methods) byOperation.set(info.operationId, [...(byOperation.get(info.operationId) ?? []), where])
    const operations = appSecretOperations()
    const missing: string[] = []
    for (const { method, path, operation } of operations) {
      const support = (SUPPORT_OPERATIONS as Record<string, string>)[operation.operationId]
      if (support) {
        expect(typeof (api.support as unknown as Record<string, unknown>)[support], `support.${support}`).toBe('function')
        continue
      }
      const where = byOperation.get(operation.operationId)
      if (!where) {
        missing.push(`${operation.operationId} (${method} ${path})`)
        continue
      }
      for (const name of where) {
        const info = methods.get(name)!
        expect(`${info.method} ${APP_BASE}${info.path}`, name).toBe(`${method} ${path}`)
        // The SDK sends a body on POST/PUT/PATCH and a query otherwise: the document must agree.
        const takesBody = ['POST', 'PUT', 'PATCH'].includes(method)
        if (!takesBody) expect(operation.requestBody, `${name} would send no body`).toBeUndefined()
        const hasQuery = (operation.parameters ?? []).some((parameter) => parameter.in === 'query')
        if (takesBody && hasQuery) expect(operation.requestBody, `${name} would send its query as a body`).toBeDefined()
      }
    }
    expect(missing, 'app-secret operations with no SDK method').toEqual([])
    // And no SDK method points at an operation the document does not have (operator-key ones, such as deleting the app, included).
    const known = new Set(Object.values(document.paths).flatMap((item) => METHODS.flatMap((method) => (item[method] ? [item[method]!.operationId] : []))))
    for (const [where, info] of methods) expect(known.has(info.operationId), where).toBe(true)
    console.info(`@warbler/sdk/server: ${operations.length} app-secret operations, ${methods.size} SDK methods + ${Object.keys(SUPPORT_OPERATIONS).length} in api.support`)
  })

  it('is typed from the current document (src/server/openapi-types.ts is not stale)', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../../sdk/src/server/openapi-types.ts'), 'utf8')
    const current = (await renderServerTypes(document)) as string
    expect(committed === current, 'stale: run `npx tsc -b packages/server && node packages/sdk/scripts/generate-server-types.mjs`').toBe(true)
  }, 60_000)
})

describe('@warbler/sdk/server against a spawned server', () => {
  it('runs the methods of every resource, answering { items, next } lists and epoch-ms times', async () => {
    const called = new Set<string>()
    const recording: FetchLike = async (url, init) => {
      called.add(`${init.method} ${new URL(url).pathname}`)
      return fetch(url, init)
    }
    const api = new WarblerServerApi({ url: server.url, appId: app.id, secret: app.secret, fetch: recording })
    const text = (value: string) => ({ type: 'text' as const, text: value })

    // Users, friends, blocks
    await api.users.create({ id: 'alice', name: 'Alice' })
    await api.users.create({ id: 'bob', name: 'Bob' })
    await api.users.create({ id: 'carol', name: 'Carol' })
    expect((await api.users.list({ limit: 2 })).items.map((user) => user.id)).toEqual(['alice', 'bob'])
    const everyone: string[] = []
    for await (const user of eachItem((after) => api.users.list({ limit: 2, ...(after ? { after } : {}) }))) everyone.push(user.id)
    expect(everyone).toEqual(['alice', 'bob', 'carol'])
    expect((await api.users.update('carol', { name: 'Carol K' })).name).toBe('Carol K')
    expect((await api.users.get('carol')).name).toBe('Carol K')
    expect((await api.users.searchPeople({ q: 'caro' })).people.map((person) => person.id)).toEqual(['carol'])
    const { token, expiresAt } = await api.users.createToken('alice', { ttlSeconds: 600 })
    expect(token.length).toBeGreaterThan(20)
    expect(expiresAt).toBeGreaterThan(Date.now())
    await api.users.revokeTokens('carol')
    await api.users.setBanned('carol', { banned: true })
    await api.users.setBanned('carol', { banned: false })
    await api.friends.add('alice', 'bob')
    expect((await api.friends.list('alice')).items.map((friend) => friend.userId)).toEqual(['bob'])
    await api.friends.remove('alice', 'bob')
    await api.blocks.add('bob', 'carol')
    expect((await api.blocks.list('bob')).items).toEqual(['carol'])
    await api.blocks.remove('bob', 'carol')

    // Groups, conversations, messages
    const group = await api.groups.create({ name: 'Team', ownerId: 'alice', memberIds: ['bob'] })
    await api.groups.addMembers(group.id, { userIds: ['carol'] })
    await api.groups.setMemberRole(group.id, 'bob', { role: 'admin' })
    await api.groups.setMemberMute(group.id, 'carol', { durationSeconds: 60 })
    await api.groups.setMemberMute(group.id, 'carol', { durationSeconds: 0 })
    expect((await api.groups.update(group.id, { name: 'Team A' })).name).toBe('Team A')
    expect((await api.conversations.get(group.id)).memberCount).toBe(3)
    expect((await api.conversations.listMembers(group.id)).items).toHaveLength(3)
    const sent = []
    for (const word of ['one', 'two', 'three']) sent.push(await api.messages.send({ from: 'alice', conversationId: group.id, body: text(word) }))
    await api.messages.edit(group.id, sent[0]!.seq, { as: 'alice', body: text('one!') })
    await api.messages.react(group.id, sent[1]!.seq, { as: 'bob', emoji: '👍' })
    await api.messages.recall(group.id, sent[2]!.seq, { as: 'alice' })
    const newest = await api.conversations.listMessages(group.id, { limit: 2 })
    expect(newest.next).not.toBeNull()
    const older = await api.conversations.listMessages(group.id, { beforeSeq: Number(newest.next), limit: 100 })
    expect(older.items.every((event) => event.seq < Number(newest.next))).toBe(true)
    expect((await api.users.listConversations('bob')).items.map((row) => row.conversation.id)).toContain(group.id)
    expect((await api.users.searchMessages('bob', { q: 'two' })).items.map((hit) => hit.seq)).toEqual([sent[1]!.seq])
    await api.groups.removeMember(group.id, 'carol', { actorId: 'alice' })
    await api.groups.transfer(group.id, { userId: 'bob' })
    await api.groups.dissolve(group.id)
    const direct = await api.messages.send({ from: 'alice', to: 'bob', body: text('hi Bob') })

    // Files
    const file = await api.files.upload({ data: new TextEncoder().encode('hello file'), filename: 'note.txt', contentType: 'text/plain' }, { conversationId: direct.conversationId, uploaderId: 'alice' })
    const signed = await api.files.getUrl(file.id)
    expect(await (await fetch(new URL(signed.url, server.url))).text()).toBe('hello file')

    // App, webhooks, before-send hook
    const settings = await api.app.getSettings()
    expect((await api.app.updateSettings({ editWindowSeconds: settings.editWindowSeconds })).editWindowSeconds).toBe(settings.editWindowSeconds)
    const webhook = await api.webhooks.create({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/warbler`, events: ['message.created', 'bot.feedback'] })
    expect(webhook.secret.length).toBeGreaterThan(10)
    await api.messages.send({ from: 'bob', to: 'alice', body: text('signed?') })
    for (let attempt = 0; attempt < 100 && deliveries.length === 0; attempt += 1) await new Promise((done) => setTimeout(done, 100))
    const delivery = deliveries[0]!
    expect(JSON.parse(delivery.raw)).toMatchObject({ type: 'message.created' })
    // The receiver's side of the contract, with the helper the webhook docs import from @warbler/sdk/server.
    expect(await verifyWebhookSignature(delivery.signature, delivery.raw, webhook.secret)).toBe(true)
    expect(await verifyWebhookSignature(delivery.signature, delivery.raw.replace('signed?', 'forged'), webhook.secret)).toBe(false)
    expect((await api.webhooks.list()).items.map((entry) => entry.id)).toEqual([webhook.id])
    expect((await api.webhooks.get(webhook.id)).events).toEqual(['message.created', 'bot.feedback'])
    expect((await api.webhooks.update(webhook.id, { enabled: false })).enabled).toBe(false)
    expect((await api.webhooks.listDeliveries(webhook.id)).items.length).toBeGreaterThan(0)
    expect((await api.webhooks.rotateSecret(webhook.id)).secret).not.toBe(webhook.secret)
    await api.webhooks.delete(webhook.id)
    await expect(api.beforeSendHook.get()).rejects.toBeInstanceOf(WarblerError)

    // Knowledge bases, documents, search
    const kb = await api.knowledgeBases.create({ name: 'Help' })
    expect(typeof kb.createdAt).toBe('number')
    const added = await api.documents.add(kb.id, { title: 'Refunds', text: 'Refunds are paid back within five working days.' })
    const uploaded = await api.documents.upload(kb.id, { data: new TextEncoder().encode('# Shipping\n\nParcels ship in two days.'), filename: 'shipping.md', contentType: 'text/markdown' })
    let ready = false
    for (let attempt = 0; attempt < 100 && !ready; attempt += 1) {
      const states = await Promise.all([added.id, uploaded.id].map((id) => api.documents.get(kb.id, id)))
      ready = states.every((state) => state.status === 'ready')
      if (!ready) await new Promise((done) => setTimeout(done, 100))
    }
    expect(ready).toBe(true)
    const documents = await api.documents.list(kb.id)
    expect(documents.items).toHaveLength(2)
    expect(documents.items.map((entry) => entry.title)).toContain('Refunds')
    expect(typeof documents.items[0]!.updatedAt).toBe('number')
    expect((await api.documents.listChunks(kb.id, added.id)).items.length).toBeGreaterThan(0)
    expect(JSON.stringify(await api.knowledgeBases.search(kb.id, { query: 'refund days' }))).toContain('five working days')
    expect((await api.knowledgeBases.list()).items.map((base) => base.id)).toEqual([kb.id])
    expect((await api.knowledgeBases.get(kb.id)).chunkCount).toBeGreaterThan(0)
    await api.documents.set(kb.id, added.id, { tags: ['billing'] })
    await api.documents.reindex(kb.id, uploaded.id)
    expect((await api.sources.list(kb.id)).items).toEqual([])
    expect((await api.curations.list(kb.id)).items).toEqual([])

    // Bots, variants, tools, feedback, evaluations, gaps
    const bot = await api.bots.create({ name: 'Helper', knowledgeBaseIds: [kb.id] })
    expect((await api.bots.list()).items.map((entry) => entry.id)).toEqual([bot.id])
    expect((await api.bots.get(bot.id)).name).toBe('Helper')
    expect((await api.bots.update(bot.id, { name: 'Helper 2' })).name).toBe('Helper 2')
    expect(JSON.stringify(await api.bots.testAnswer(bot.id, { question: 'How long do refunds take?' }))).toContain('five working days')
    await api.bots.setVariants(bot.id, { variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }] })
    expect((await api.bots.listVariants(bot.id)).items.map((variant) => variant.id)).toEqual(['a', 'b'])
    expect((await api.bots.listVariantOutcomes(bot.id, { days: 7 })).items.map((outcome) => outcome.variantId)).toEqual(['a', 'b'])
    expect((await api.tools.list()).items).toEqual([])
    expect((await api.tools.listMcp()).items).toEqual([])
    expect((await api.tools.listCalls()).items).toEqual([])
    expect((await api.feedback.list()).items).toEqual([])
    const set = await api.evals.createSet({ name: 'Refunds', items: [{ question: 'How long do refunds take?', expected: ['five working days'] }] })
    expect((await api.evals.listSets()).items.map((entry) => entry.id)).toEqual([set.id])
    expect((await api.evals.getSet(set.id)).items).toHaveLength(1)
    expect((await api.evals.listRuns()).items).toEqual([])
    expect(await api.evals.getSettings()).toMatchObject({ prices: {} })
    expect((await api.knowledgeGaps.list({ days: 7 })).items).toEqual([])
    await api.bots.delete(bot.id)
    await api.documents.delete(kb.id, added.id)
    await api.knowledgeBases.delete(kb.id)

    // Push, compliance, support
    expect((await api.push.listCredentials()).items).toEqual([])
    expect((await api.push.listDeliveries()).items).toEqual([])
    expect((await api.push.listTargets('alice')).items).toEqual([])
    await api.push.getPreferences('alice')
    await api.compliance.setLegalHold('user', 'bob', { reason: 'case 7' })
    expect((await api.compliance.listLegalHolds()).items).toMatchObject([{ kind: 'user', targetId: 'bob', reason: 'case 7', createdAt: expect.any(Number) }])
    await api.compliance.deleteLegalHold('user', 'bob')
    await api.compliance.getRetention(direct.conversationId)
    const exported = await api.compliance.exportUser('alice')
    await api.compliance.getExport(exported.id)
    await api.support.setAgent('carol', { capacity: 2 })
    expect((await api.support.agents()).map((agent) => agent.userId)).toEqual(['carol'])
    expect((await api.support.list()).conversations).toEqual([])

    // More of each resource: tools, hook, identity secret, eval settings and runs, retention, push, support.
    const tool = await api.tools.create({ name: 'order_status', description: 'Looks an order up.', http: { method: 'GET', url: 'https://shop.example.com/orders/{orderId}', parameters: [{ name: 'orderId', in: 'path' }] }, parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] } })
    expect((await api.tools.get(tool.id)).name).toBe('order_status')
    await api.tools.delete(tool.id)
    const hook = await api.beforeSendHook.set({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, timeoutMs: 500, failMode: 'open', enabled: false })
    expect(hook.enabled).toBe(false)
    expect((await api.beforeSendHook.get()).url).toBe(hook.url)
    await api.beforeSendHook.delete()
    expect((await api.app.createIdentitySecret()).secret.length).toBeGreaterThan(10)
    expect(await api.evals.setSettings({ prices: { small: { inputPerMillion: 0.1, outputPerMillion: 0.2 } } })).toMatchObject({ prices: { small: { inputPerMillion: 0.1 } } })
    expect((await api.compliance.setRetention(direct.conversationId, { messagesDays: 30 })).messagesDays).toBe(30)
    await api.push.updatePreferences('alice', { enabled: false })
    expect((await api.push.getPreferences('alice')).enabled).toBe(false)
    await api.support.createCannedReply('thanks', 'Thanks for waiting!')
    expect((await api.support.cannedReplies()).map((reply) => reply.shortcut)).toEqual(['thanks'])
    expect(await api.support.settings()).toMatchObject({ handoffPhrases: expect.any(Array) })
    await api.support.analytics()

    // Errors keep the server's code.
    await expect(api.users.get('nobody')).rejects.toMatchObject({ code: 'user_not_found' })

    const operations = appSecretOperations()
    const ran = operations.filter(({ method, path }) => {
      const pattern = new RegExp(`^${method} ${path.replace('{appId}', app.id).replace(/\{[^}]+\}/g, '[^/]+')}$`)
      return [...called].some((request) => pattern.test(request))
    })
    console.info(`@warbler/sdk/server against a spawned server: ${ran.length} of ${operations.length} app-secret operations called`)
    expect(ran.length).toBeGreaterThan(operations.length * 0.6)
  }, 120_000)
})
