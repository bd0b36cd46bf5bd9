import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'

/** `/healthz` (process alive), `/readyz` (storage and bus answer, not shutting down), `/metrics`. */
export function registerHealthRoutes(fastify: FastifyInstance, context: ServerContext, state: { shuttingDown: boolean }): void {
  fastify.get('/healthz', async () => ({ status: 'ok' }))
  fastify.get('/readyz', async (_request, reply) => {
    if (state.shuttingDown) return reply.code(503).send({ status: 'shutting-down' })
    try {
      await Promise.all([context.storage.ping(), context.bus.ping()])
      return { status: 'ready', storage: context.storage.kind, bus: context.bus.kind }
    } catch {
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
  fastify.get('/metrics', async (_request, reply) => {
    reply.header('Content-Type', context.metrics.registry.contentType)
    return context.metrics.registry.metrics()
  })
}
