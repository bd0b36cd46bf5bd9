import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { DEFAULT_LIMITS, WarblerError, assertJsonShape } from '@warbler/protocol'
import { registerConsole } from '../console/register-console.js'
import { registerWebApp } from '../console/web-app.js'
import type { ServerContext } from '../server-context.js'
import { registerAuthThrottle } from './auth-throttle-hooks.js'
import { nodeRequestTimeouts, registerBodyTimeout } from './request-timeouts.js'
import { createAuthenticator } from './authenticator.js'
import { clientErrorHandler } from './client-error-handler.js'
import { createErrorHandler, frameworkErrorHandler, MAX_PARAM_LENGTH, sendWarblerError } from './error-handler.js'
import { registerApiDocuments } from './api-documents.js'
import { assertNoNulCharacter } from './request-text.js'
import { registerRoutes, type RouteSpec } from './route.js'
import { appRoutes } from './routes/apps.js'
import { conversationRoutes } from './routes/conversations.js'
import { groupRoutes } from './routes/groups.js'
import { socialRoutes } from './routes/social.js'
import { registerHealthRoutes } from './routes/health.js'
import { userRoutes } from './routes/users.js'
import { peopleRoutes } from '../people/people-routes.js'
import { webhookRoutes } from '../webhooks/webhook-routes.js'
import { botRoutes } from '../bots/bot-routes.js'
import { botTestRoutes } from '../console/bot-test/bot-test-routes.js'
import { supportRoutes } from '../support/support-routes.js'
import { knowledgeRoutes } from '../knowledge/knowledge-routes.js'
import { registerKnowledgeUpload } from '../knowledge/knowledge-upload.js'
import { registerOpenAiApi } from '../openai-api/register-openai-api.js'
import { fileRoutes } from '../files/file-routes.js'
import { registerFileTransport } from '../files/file-transport.js'
import { createWidget } from '../widget/create-widget.js'
import { toolRoutes } from '../tools/tool-routes.js'
import { pushRoutes } from '../push/push-routes.js'
import { registerPushWorker } from '../push/push-worker-script.js'

/** Builds the Fastify instance: REST API, OpenAPI document, health and metrics. */
export function createHttpServer(context: ServerContext, state: { shuttingDown: boolean }, extraRoutes: readonly RouteSpec[] = []): FastifyInstance {
  const fastify = Fastify({
    loggerInstance: context.logger.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: DEFAULT_LIMITS.maxRestBodyBytes,
    trustProxy: context.config.trustProxy,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Every answer Fastify or Node's parser would write itself goes through the one error mapping.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    return503OnClosing: false,
    ...nodeRequestTimeouts(context.config.timeouts),
  })
  fastify.setErrorHandler(createErrorHandler(context.logger))
  registerAuthThrottle(fastify, context.authThrottle)
  registerBodyTimeout(fastify, context.config.timeouts)
  // Every JSON body, whatever route (app API, console, OpenAI API), has a bounded depth and
  // well-formed strings before its schema sees it: the same rule as WebSocket frames.
  fastify.addHook('preValidation', async (request) => {
    assertNoNulCharacter(request.params, 'params')
    assertNoNulCharacter(request.query, 'query')
    if (typeof request.body === 'object' && request.body !== null) assertJsonShape(request.body)
  })
  let closing = false
  fastify.addHook('preClose', async () => {
    closing = true
  })
  fastify.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    reply.header('connection', 'close')
    throw new WarblerError('server_shutting_down')
  })
  const webApp = registerWebApp(fastify)
  fastify.setNotFoundHandler((request, reply) => {
    if (webApp(request, reply)) return
    // A known path with another method answers not_found too: the table has no code of its own for it.
    void sendWarblerError(reply, new WarblerError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`))
  })
  fastify.addHook('onResponse', async (_request, reply) => {
    context.metrics.httpRequests.inc({ status: `${Math.floor(reply.statusCode / 100)}xx` })
  })

  const widget = createWidget(context)
  widget.register(fastify)
  const routes = [...appRoutes(context), ...userRoutes(context), ...peopleRoutes(context), ...conversationRoutes(context), ...groupRoutes(context), ...socialRoutes(context), ...webhookRoutes(context), ...fileRoutes(context), ...knowledgeRoutes(context), ...botRoutes(context), ...botTestRoutes(context), ...(context.tools ? toolRoutes(context, context.tools) : []), ...supportRoutes(context), ...pushRoutes(context), ...widget.routes, ...extraRoutes]
  registerRoutes(fastify, routes, createAuthenticator(context))
  registerApiDocuments(fastify, routes, context.config.version)
  registerHealthRoutes(fastify, context, state)
  registerPushWorker(fastify)
  registerFileTransport(fastify, context)
  registerKnowledgeUpload(fastify, context)
  registerOpenAiApi(fastify, context)
  registerConsole(fastify, context)
  return fastify
}
