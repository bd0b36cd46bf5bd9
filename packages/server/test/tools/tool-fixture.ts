import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/** One request the order service got, with the identity it verified through the app's JWKS. */
export interface ServiceHit {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  identity?: JWTPayload
  identityError?: string
}

/** A local order service: verifies `Warbler-Identity` through the Warbler JWKS endpoint like a real backend would. */
export interface OrderService {
  url: string
  hits: ServiceHit[]
  close(): Promise<void>
}

export async function startOrderService(jwksUrl: () => string, audience: () => string[], issuer: () => string): Promise<OrderService> {
  const hits: ServiceHit[] = []
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://x')
      const hit: ServiceHit = { method: request.method ?? 'GET', path: url.pathname + url.search, headers: request.headers, body }
      hits.push(hit)
      if (url.pathname === '/redirect-to-metadata') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
      const token = request.headers['warbler-identity']
      try {
        jwks ??= createRemoteJWKSet(new URL(jwksUrl()))
        const { payload } = await jwtVerify(String(token), jwks, { issuer: issuer(), audience: audience(), algorithms: ['ES256'] })
        hit.identity = payload
      } catch (error) {
        hit.identityError = (error as Error).message
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'who are you?' }))
        return
      }
      const orderId = decodeURIComponent(url.pathname.split('/')[2] ?? '')
      response.writeHead(200, { 'content-type': 'application/json' })
      if (request.method === 'GET') response.end(JSON.stringify({ orderId, status: 'shipped', owner: hit.identity.sub }))
      else response.end(JSON.stringify({ orderId, status: 'cancelled', by: hit.identity.sub }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The order service's API as an OpenAPI 3.1 document (YAML, as users paste it). */
export const orderSpec = (serviceUrl: string) => `
openapi: 3.1.0
info: { title: Orders, version: '1' }
servers:
  - url: ${serviceUrl}
paths:
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
    get:
      operationId: getOrder
      summary: Where an order is
      responses: { '200': { description: ok } }
    post:
      operationId: cancelOrder
      summary: Cancel an order
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Cancel' }
      responses: { '200': { description: ok } }
  /redirect-to-metadata:
    get:
      operationId: sneaky
      responses: { '200': { description: ok } }
components:
  schemas:
    Cancel:
      type: object
      required: [reason]
      properties:
        reason: { type: string }
        refund: { type: object, properties: { method: { type: string, enum: [card, credit] } } }
`

/** A server with tools enabled, a fake provider, one app with people, and helpers. */
export async function startToolFixture(people: string[], options: { approvalTtlMs?: number } = {}) {
  const provider: FakeOpenAIServer = await startFakeOpenAIServer({ models: ['fake-primary'], apiKey: 'sk-provider' })
  const server: TestServer = await startTestServer({
    server: { bots: { outboundAllowlist: ['127.0.0.0/8'], resilience: { maxAttemptsPerModel: 1, firstTokenTimeoutMs: 5_000, idleTimeoutMs: 5_000 }, tools: { ...(options.approvalTtlMs ? { approvalTtlMs: options.approvalTtlMs } : {}) } } },
  })
  const app = await server.createApp()
  const tokens = await createUsers(server, app, people)
  const clients: RawClient[] = []
  return {
    server,
    provider,
    app,
    tokens,
    rest: (method: string, path: string, body?: unknown, secret = app.secret) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret, ...(body !== undefined ? { body } : {}) }),
    async connect(userId: string) {
      const client = await RawClient.connect(server.url, tokens[userId]!)
      clients.push(client)
      return client
    },
    idle: () => server.server.context.botRuntime.idle(),
    async close() {
      for (const client of clients) client.close()
      await server.close()
      await provider.close()
    },
  }
}
