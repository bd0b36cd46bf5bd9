import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { CLOSE_CODES } from '@warbler/protocol'
import { securePrivateDataDir } from './auth/data-dir-permissions.js'
import { openAuthThrottle } from './auth/open-auth-throttle.js'
import { resolveOperatorKey, type OperatorKeySource } from './auth/operator-key.js'
import { UserTokens } from './auth/user-tokens.js'
import { createAiServices, type AiServiceOptions } from './bots/create-ai-services.js'
import { Control } from './bus/control.js'
import { Fanout } from './bus/fanout.js'
import { openBus } from './bus/open-bus.js'
import type { ServerConfig } from './config/config.js'
import { ConsoleService } from './console/console-service.js'
import { complianceRoutes, registerExportDownload } from './compliance/compliance-routes.js'
import { openAppBoxes } from './compliance/keys/open-app-keyring.js'
import { withSealedSecrets } from './compliance/keys/sealed-stores.js'
import { createCompliance } from './compliance/create-compliance.js'
import { AppService } from './domain/app-service.js'
import { ConversationService } from './domain/conversation-service.js'
import { DomainEvents } from './domain/domain-events.js'
import { GroupService } from './domain/group-service.js'
import { newId } from './domain/ids.js'
import { KeywordFilter } from './domain/keyword-filter.js'
import { MessageActions } from './domain/message-actions.js'
import { MessageService } from './domain/message-service.js'
import { Notices } from './domain/notices.js'
import { SocialService } from './domain/social-service.js'
import { createPresenceStore } from './bus/presence.js'
import { PresenceService } from './gateway/presence.js'
import { UserService } from './domain/user-service.js'
import { Gateway } from './gateway/gateway.js'
import { createHttpServer } from './http/http-server.js'
import { createLogger, type Logger } from './observability/logger.js'
import { Metrics } from './observability/metrics.js'
import type { ServerContext } from './server-context.js'
import { openStorage } from './storage/open-storage.js'
import { ReadCaches } from './read-cache/read-caches.js'
import { reportStorageChanges } from './read-cache/storage-changes.js'
import { createFiles } from './files/create-files.js'
import { loadFileSettings, type FileSettings } from './files/file-settings.js'
import { attachWebhooks } from './webhooks/attach-webhooks.js'
import { createSupport, type SupportOptions } from './support/create-support.js'
import { createEvaluations, type EvaluationOptions } from './evaluations/create-evaluations.js'
import { evaluationRoutes } from './evaluations/evaluation-routes.js'
import { ownFeedbackRoutes } from './evaluations/own-feedback-route.js'
import { createPush } from './push/create-push.js'
import { openKnowledgeSources } from './knowledge/sources/create-knowledge-sources.js'
import type { SourceSchedulerOptions } from './knowledge/sources/source-scheduler.js'
import type { PushDeliverySettings } from './push/push-delivery-settings.js'
import { createWebhooks } from './webhooks/create-webhooks.js'
import { loadWebhookSettings, type WebhookSettings } from './webhooks/webhook-settings.js'

/** A running (or ready to run) Warbler node. */
export interface WarblerServer {
  readonly context: ServerContext
  readonly operatorKeySource: OperatorKeySource
  /** Listens on the configured host and port; resolves with the port actually bound. */
  listen(): Promise<{ port: number; url: string }>
  /** Graceful stop: refuse new work, finish what is in flight, tell clients to reconnect, close storage. */
  close(): Promise<void>
}

/**
 * Builds a node from a configuration: storage, bus, services, HTTP API and WebSocket gateway.
 *
 * @example
 * ```ts
 * const server = await createWarblerServer(loadConfig())
 * const { url } = await server.listen()
 * ```
 */
export async function createWarblerServer(config: ServerConfig, options: { logger?: Logger; webhooks?: Partial<WebhookSettings>; files?: Partial<FileSettings>; bots?: AiServiceOptions; support?: SupportOptions; push?: Partial<PushDeliverySettings>; sources?: SourceSchedulerOptions; evaluations?: EvaluationOptions } = {}): Promise<WarblerServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel })
  // The data dir holds signing keys, secrets and uploads: 0700, its files 0600 (older installs too).
  const untightened = securePrivateDataDir(config.dataDir)
  if (untightened.length > 0) logger.warn({ paths: untightened }, 'could not make these data paths private to this user')
  const operator = resolveOperatorKey(config.dataDir, config.adminKey)
  const opened = await openStorage(config)
  await opened.migrate()
  // Secrets at rest are sealed with each app's data key, wrapped by the master key.
  const boxes = openAppBoxes({ storage: opened, dataDir: config.dataDir, warn: (message) => logger.warn(message) })
  const stored = withSealedSecrets(opened, boxes)
  const bus = await openBus(config)
  const control = new Control(bus)
  const caches = new ReadCaches(stored)
  // Writes that stale a cached read invalidate it here at once and on every other node via the bus.
  const storage = reportStorageChanges(stored, (change) => {
    caches.apply(change)
    control.send({ type: 'storage-changed', change }).catch((error: unknown) => logger.warn({ err: error }, 'cache invalidation not announced'))
  })
  const metrics = new Metrics()
  const tokens = new UserTokens(storage)
  const conversations = new ConversationService(storage)
  const fanout = new Fanout(bus)
  const apps = new AppService(storage)
  const domainEvents = new DomainEvents((error, type) => logger.error({ err: error, type }, 'domain event listener failed'))
  const notices = new Notices(fanout)
  const messages = new MessageService(
    { storage, caches, conversations, apps, fanout, keywordFilter: new KeywordFilter(), domainEvents },
    { maxTextLength: config.limits.maxTextLength },
  )
  conversations.onCreated = (appId, conversation, createdBy) =>
    void storage.conversations
      .memberIds(appId, conversation.id)
      .then((memberIds) => domainEvents.emit('conversation.created', { appId, conversationId: conversation.id, kind: conversation.kind, createdBy, memberIds }))
  const nodeId = newId('node')
  const presence = new PresenceService(createPresenceStore(bus), bus, nodeId, config.limits.heartbeatSeconds * 3 * 1000)
  const webhooks = createWebhooks(storage, loadWebhookSettings(process.env, options.webhooks), logger, (appId) => caches.webhooks(appId))
  const keyring = boxes.keyring
  const files = await createFiles(storage, conversations, loadFileSettings(config.dataDir, process.env, options.files), keyring && ((appId) => keyring.dataKey(appId)))
  // Crypto-shredding on one node drops the key from every node's memory.
  if (keyring) keyring.onShredded = (appId) => control.send({ type: 'app-key-shredded', appId })
  const users = new UserService(storage, tokens)
  const ai = await createAiServices({ storage, boxes, dataDir: config.dataDir, knowledgeLimits: config.knowledge, bus, fanout, messages, users, domainEvents, logger, ...(options.bots ? { options: options.bots } : {}) })
  const compliance = createCompliance({
    storage, config, logger, files: files.files, control, caches, presence, messages, nodeId, registry: metrics.registry, knowledge: ai.knowledge,
    ...(keyring ? { dataKeyOf: (appId: string) => keyring.dataKey(appId), shredKey: (appId: string) => keyring.shred(appId) } : {}),
  })
  const push = createPush({ storage, boxes, caches, apps, presence, domainEvents, metrics, logger, dataDir: config.dataDir, outboundAllowlist: loadWebhookSettings(process.env, options.webhooks).outboundAllowlist }, options.push)
  const sources = openKnowledgeSources({ storage, knowledge: ai.knowledge, bus, webhooks: webhooks.dispatcher, logger, boxes, outboundAllowlist: loadWebhookSettings(process.env, options.webhooks).outboundAllowlist, limits: config.knowledge, registry: metrics.registry, ...(options.sources ? { options: options.sources } : {}) })
  const support = createSupport({ storage, messages, presence, bus, webhooks: webhooks.dispatcher, domainEvents, logger }, options.support)
  messages.ownership = (event) => support.gate.checkSend(event)
  ai.runtime.support = support.gate
  const evaluations = createEvaluations({ storage, bots: ai.bots, knowledge: ai.knowledge, webhooks, domainEvents, logger, nodeId }, options.evaluations)
  ai.runtime.variants = evaluations?.variants
  const context: ServerContext = {
    config,
    storage,
    boxes,
    bus,
    fanout,
    control,
    caches,
    apps,
    users,
    tokens,
    conversations,
    messages,
    actions: new MessageActions(storage, conversations, messages, apps, notices),
    groups: new GroupService(storage, conversations, messages, notices, domainEvents),
    social: new SocialService(storage, notices),
    notices,
    presence,
    domainEvents,
    nodeId,
    metrics,
    console: new ConsoleService(compliance.consoleStore),
    logger,
    operatorKey: operator.key,
    authThrottle: await openAuthThrottle(config),
    webhooks,
    files,
    knowledge: ai.knowledge,
    bots: ai.bots,
    botRuntime: ai.runtime,
    ...(ai.tools ? { tools: ai.tools } : {}),
    compliance,
    support,
    push,
  }
  const detachWebhooks = attachWebhooks(context)
  const state = { shuttingDown: false }
  const http: FastifyInstance = createHttpServer(context, state, [...complianceRoutes(context), ...(sources?.routes ?? []), ...(evaluations ? [...evaluationRoutes(context, evaluations), ...ownFeedbackRoutes(context, evaluations)] : [])])
  registerExportDownload(http, context)
  const gateway = new Gateway({ ...context, limits: config.limits })
  await context.control.start((message) => {
    if (message.type === 'storage-changed') return caches.apply(message.change)
    if (message.type === 'app-key-shredded') {
      // The app was deleted: its key, its token signing key and its settings go from this node, its sessions close.
      keyring?.forget(message.appId)
      tokens.forget(message.appId)
      apps.forget(message.appId)
      for (const session of gateway.registry.all()) if (session.appId === message.appId) session.fail('app_not_found', 'This app was deleted.', { close: CLOSE_CODES.tokenRevoked })
      return
    }
    for (const session of gateway.registry.sessionsOf(message.appId, message.userId)) {
      if (message.type === 'kick-user') {
        session.fail(message.code, message.code === 'user_banned' ? 'The user is banned.' : 'The token has been revoked.', { close: CLOSE_CODES.tokenRevoked })
      } else if (session.id === message.sessionId) {
        session.fail('session_kicked', 'This device was signed out from another device.', { close: CLOSE_CODES.kicked })
      }
    }
  })
  await presence.start()
  await ai.start()
  const stopSupport = support.start()
  const stopPush = push.start()
  sources?.start()
  const stopEvaluations = evaluations?.start()

  let closing: Promise<void> | undefined
  return {
    context,
    operatorKeySource: operator.source,
    async listen() {
      await http.ready()
      await gateway.attach(http.server)
      // A deep accept queue: after a node restart or a network blip every client reconnects at once, and
      // Node's default backlog (511) makes the kernel drop the excess SYNs, each retried only after 1, 3, 7 s.
      await http.listen({ port: config.port, host: config.host, backlog: config.listenBacklog })
      webhooks.dispatcher.start()
      compliance.start()
      const { port } = http.server.address() as AddressInfo
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
      logger.info({ port, storage: storage.kind, bus: bus.kind }, 'warbler listening')
      return { port, url: `http://${host}:${port}` }
    },
    close() {
      closing ??= (async () => {
        state.shuttingDown = true
        await gateway.shutdown(config.shutdownTimeoutSeconds * 1000)
        await http.close()
        await context.control.stop()
        detachWebhooks()
        await webhooks.dispatcher.stop()
        await compliance.stop()
        await sources?.stop()
        await stopEvaluations?.()
        await ai.stop()
        await stopSupport()
        await stopPush()
        await presence.stop()
        await bus.close()
        await context.authThrottle.close()
        await storage.close()
        logger.info('warbler stopped')
      })()
      return closing
    },
  }
}
