import type { DomainEvents } from '../domain/domain-events.js'
import type { Logger } from '../observability/logger.js'
import type { EvaluationStore } from '../storage/evaluation-store.js'
import type { Storage } from '../storage/storage.js'
import { questionOf, textOf } from './message-context.js'

/**
 * Records each question a bot declined (its reply says `ext.handoffReason: 'missing_knowledge'`),
 * for knowledge gaps and eval sets built from production. Returns a function that stops it.
 */
export function recordDeclines(deps: { domainEvents: DomainEvents; storage: Storage; store: EvaluationStore; isBot(appId: string, userId: string): Promise<boolean>; logger: Logger; now(): number }): () => void {
  const off = deps.domainEvents.on('message.created', ({ appId, event }) => {
    if (event.kind !== 'message' || event.status === 'streaming' || event.ext?.handoffReason !== 'missing_knowledge') return
    void (async () => {
      if (!(await deps.isBot(appId, event.senderId))) return
      const question = await questionOf(deps.storage, appId, event)
      if (!question || textOf(question).trim() === '') return
      await deps.store.recordDecline({
        appId, conversationId: event.conversationId, seq: event.seq, botId: event.senderId, userId: question.senderId, question: textOf(question).slice(0, 4000), reason: 'missing_knowledge', createdAt: deps.now(),
      })
    })().catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record a declined question'))
  })
  return () => void off()
}
