import type { FastifyInstance } from 'fastify'
import { buildAsyncApi } from './asyncapi/build-asyncapi.js'
import { buildOpenApi } from './openapi.js'
import type { DocumentedRoute } from './openapi/documented-route.js'

/**
 * Serves the API documents: `/api/v1/openapi.json` (REST, OpenAPI 3.1) and `/api/v1/asyncapi.json`
 * (WebSocket, AsyncAPI 3). Each is built on its first request and kept as JSON text: building the
 * OpenAPI document takes most of a second, which no server start (and no test server) should pay
 * for a document it may never serve.
 */
export function registerApiDocuments(fastify: FastifyInstance, routes: readonly DocumentedRoute[], version: string): void {
  let openApi: string | undefined
  let asyncApi: string | undefined
  fastify.get('/api/v1/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send((openApi ??= JSON.stringify(buildOpenApi(routes, { version })))))
  fastify.get('/api/v1/asyncapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send((asyncApi ??= JSON.stringify(buildAsyncApi({ version })))))
}
