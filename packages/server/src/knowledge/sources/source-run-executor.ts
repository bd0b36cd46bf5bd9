import { AddressPolicy, createConnector, partialOf, runSync, SourceHttp, SyncedDocuments, type KnowledgeService, type SourceKind, type SourceSettings } from '@warbler/ai'
import type { KnowledgeSourceRunRecord, KnowledgeSourceStore } from '../../storage/knowledge-source-store.js'
import type { Logger } from '../../observability/logger.js'
import type { Clock } from '../../support/clock.js'
import { nextRunAt } from './schedule.js'
import type { SourceMetrics } from './source-metrics.js'
import { sourceSyncState } from './sync-state.js'

/** The most per-document errors kept with a run. */
const MAX_RUN_ERRORS = 100

/** What running a sync needs. */
export interface RunExecutorDeps {
  store: KnowledgeSourceStore
  knowledge: KnowledgeService
  documents: SyncedDocuments
  policy: AddressPolicy
  clock: Clock
  logger: Logger
  /** Opens a secret sealed with the app's data key (or, stored before encryption at rest, the server key). */
  openSecret: (appId: string, sealed: string) => Promise<string>
  /** `knowledge.source_synced` with the run's counts. */
  emit: (appId: string, data: Record<string, unknown>) => Promise<unknown>
  metrics?: SourceMetrics
}

/**
 * Runs one claimed sync run to its end: the connector through the guarded client, the sync, the
 * counts and errors on the run, the checkpoint and the next scheduled time (with backoff after a
 * failed run) on the source, and the webhook.
 */
export async function executeRun(deps: RunExecutorDeps, run: KnowledgeSourceRunRecord, signal: AbortSignal): Promise<void> {
  const { store, clock } = deps
  const started = clock.now()
  const source = await store.getSource(run.appId, run.sourceId)
  const finish = async (patch: Partial<KnowledgeSourceRunRecord>) => {
    await store.updateRun(run.appId, run.id, { ...patch, finishedAt: clock.now() })
  }
  if (!source) return finish({ status: 'failed', error: 'The source was deleted.' })
  const kb = await deps.knowledge.store.getKnowledgeBase(run.appId, source.kbId)
  if (!kb) {
    // The knowledge base was deleted (its documents with it): the source goes too, runs included.
    await store.deleteSource(run.appId, source.id)
    return
  }
  const http = new SourceHttp({ policy: deps.policy, signal })
  try {
    const token = source.sealedSecret ? await deps.openSecret(run.appId, source.sealedSecret) : undefined
    const connector = createConnector(source.kind as SourceKind, source.settings as unknown as SourceSettings, token ? { token } : {})
    const result = await runSync({
      sourceId: source.id,
      kb,
      connector,
      ...(source.checkpoint ? { checkpoint: source.checkpoint } : {}),
      http,
      state: sourceSyncState(store, run.appId, source.kbId, source.id, clock),
      documents: deps.documents,
      signal,
      onProgress: (done, total) => store.updateRun(run.appId, run.id, { progress: total === 0 ? 1 : Math.round((done / total) * 1000) / 1000 }),
    })
    const durationMs = Math.max(1, clock.now() - started)
    const pages = result.added + result.updated + result.unchanged + result.deleted + result.failed
    const stats = { ...result.requests, durationMs, itemsPerSecond: Math.round((pages / durationMs) * 100_000) / 100, needsReview: result.needsReview }
    deps.metrics?.run('done', durationMs / 1000)
    deps.metrics?.items(result)
    deps.metrics?.requests(result.requests)
    await finish({ status: 'done', progress: 1, added: result.added, updated: result.updated, deleted: result.deleted, unchanged: result.unchanged, failed: result.failed, errors: result.errors.slice(0, MAX_RUN_ERRORS), stats })
    await store.updateSource(run.appId, source.id, {
      checkpoint: result.nextCheckpoint ?? source.checkpoint,
      consecutiveFailures: 0,
      lastRunId: run.id,
      nextRunAt: source.everyMinutes ? nextRunAt(source.id, source.everyMinutes, clock.now()) : null,
      updatedAt: clock.now(),
    })
    await deps.emit(run.appId, { knowledgeBaseId: source.kbId, sourceId: source.id, runId: run.id, status: 'done', added: result.added, updated: result.updated, deleted: result.deleted, unchanged: result.unchanged, failed: result.failed })
  } catch (error) {
    if (signal.aborted) {
      // Stopped (shutdown, lost lease): back in the queue, resumed by whoever runs the schedule next.
      await store.updateRun(run.appId, run.id, { status: 'queued', startedAt: null })
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    deps.logger.warn({ appId: run.appId, sourceId: source.id, runId: run.id, err: message }, 'knowledge source sync failed')
    const failures = source.consecutiveFailures + 1
    deps.metrics?.run('failed', (clock.now() - started) / 1000)
    const partial = partialOf(error)
    await finish({
      status: 'failed',
      error: message,
      ...(partial ? { added: partial.added, updated: partial.updated, deleted: partial.deleted, unchanged: partial.unchanged, failed: partial.failed, errors: partial.errors.slice(0, MAX_RUN_ERRORS) } : {}),
    })
    await store.updateSource(run.appId, source.id, {
      consecutiveFailures: failures,
      lastRunId: run.id,
      nextRunAt: source.everyMinutes ? nextRunAt(source.id, source.everyMinutes, clock.now(), failures) : null,
      updatedAt: clock.now(),
    })
    await deps.emit(run.appId, { knowledgeBaseId: source.kbId, sourceId: source.id, runId: run.id, status: 'failed', error: message, added: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 })
  }
}
