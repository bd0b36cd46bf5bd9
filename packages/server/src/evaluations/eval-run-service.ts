import type { CandidateMetrics, ModelPrice } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { z } from 'zod'
import { newId } from '../domain/ids.js'
import type { BotRecord } from '../storage/bot-store.js'
import type { EvalRunRecord, EvaluationStore } from '../storage/evaluation-store.js'
import { applyOverrides } from './apply-overrides.js'
import { EVAL_DEFAULTS, type EvalSettingsStore } from './eval-settings.js'
import type { CreateEvalRunRequest } from './evaluation-schemas.js'
import { runMetrics } from './run-scoring.js'

/** A candidate's figures in a run view: the metrics plus what it was. */
export type CandidateView = CandidateMetrics & { index: number; botId: string; label: string; model: string | null; overrides?: EvalRunRecord['candidates'][number]['overrides'] }

/** What `GET …/eval-runs/{id}` answers. */
export interface EvalRunView {
  id: string
  evalSetId: string
  version: number
  status: EvalRunRecord['status']
  /** 0..1: answers made over answers to make. */
  progress: number
  completed: number
  total: number
  error?: string
  judge?: EvalRunRecord['judge']
  createdAt: number
  startedAt?: number
  finishedAt?: number
  candidates: CandidateView[]
  /** Per item: the question, its expectations and each candidate's answer (with `items=false`, left out). */
  items?: Array<{
    index: number
    question: string
    expected?: string[]
    expectedDocumentIds?: string[]
    answers: Array<{ candidateIndex: number; answer: string; answerMatch: boolean; citationHit: boolean | null; handoff: boolean; latencyMs: number; inputTokens: number; outputTokens: number; citedDocumentIds: string[]; judgeScore?: number; error?: string } | null>
  }>
}

/**
 * Eval runs: queue one (checked: the set version, the bots, the app's run limit), read its
 * progress, figures and per-item answers, cancel it. The {@link EvalRunWorker} does the work.
 */
export class EvalRunService {
  constructor(
    private readonly deps: {
      store: EvaluationStore
      settings: EvalSettingsStore
      bot(appId: string, botId: string): Promise<BotRecord | undefined>
      /** Throws `not_found` unless the knowledge base is the app's. */
      requireKnowledgeBase(appId: string, knowledgeBaseId: string): Promise<unknown>
      /** Called after a run is queued (the worker looks at once). */
      queued(): void
      now(): number
    },
  ) {}

  /** Queues a run over a pinned version of a set. */
  async create(appId: string, input: z.infer<typeof CreateEvalRunRequest>): Promise<{ id: string; status: 'queued' }> {
    const { store } = this.deps
    const set = await store.getSet(appId, input.evalSetId)
    if (!set) throw new WarblerError('not_found', `No eval set ${input.evalSetId}.`)
    const version = input.version ?? set.version
    const pinned = await store.getSetVersion(appId, set.id, version)
    if (!pinned) throw new WarblerError('not_found', `Eval set ${set.id} has no version ${version}.`)
    if (pinned.items.length === 0) throw new WarblerError('validation_failed', 'The eval set has no items.')
    for (const candidate of input.candidates) {
      if (!(await this.deps.bot(appId, candidate.botId))) throw new WarblerError('not_found', `No bot ${candidate.botId}.`)
      for (const knowledgeBaseId of candidate.overrides?.knowledgeBaseIds ?? []) await this.deps.requireKnowledgeBase(appId, knowledgeBaseId)
    }
    if (input.judge) {
      const judge = await this.deps.bot(appId, input.judge.botId)
      if (!judge) throw new WarblerError('not_found', `No bot ${input.judge.botId} for the judge.`)
      if (!judge.config.provider) throw new WarblerError('validation_failed', 'The judge must be a bot with a model provider.')
    }
    const settings = await this.deps.settings.get(appId)
    const limit = settings.maxActiveRuns ?? EVAL_DEFAULTS.maxActiveRuns
    if ((await store.activeRunCount(appId)) >= limit) throw new WarblerError('quota_exceeded', `At most ${limit} eval runs may be queued or running at once; wait for one to finish or cancel one.`)
    const now = this.deps.now()
    const run: EvalRunRecord = {
      appId, id: newId('er'), setId: set.id, setVersion: version,
      candidates: input.candidates.map((candidate) => ({ botId: candidate.botId, ...(candidate.overrides ? { overrides: candidate.overrides } : {}), ...(candidate.label ? { label: candidate.label } : {}) })),
      judge: input.judge ? { botId: input.judge.botId, ...(input.judge.model ? { model: input.judge.model } : {}) } : null,
      status: 'queued', total: pinned.items.length * input.candidates.length, completed: 0, error: null, cancelRequested: false,
      leaseOwner: null, heartbeatAt: null, createdAt: now, updatedAt: now, startedAt: null, finishedAt: null,
    }
    await store.createRun(run)
    this.deps.queued()
    return { id: run.id, status: 'queued' }
  }

  /** Asks a run to stop; a queued one is cancelled at once, a running one within a heartbeat. */
  async cancel(appId: string, runId: string): Promise<EvalRunView> {
    const run = await this.require(appId, runId)
    if (run.status === 'queued') await this.deps.store.updateRun(appId, runId, { status: 'cancelled', cancelRequested: true, finishedAt: this.deps.now(), updatedAt: this.deps.now() })
    else if (run.status === 'running') await this.deps.store.updateRun(appId, runId, { cancelRequested: true, updatedAt: this.deps.now() })
    return this.view(appId, runId)
  }

  /** Runs of the app, newest first, with their figures. */
  async list(appId: string, filter: { setId?: string; limit?: number } = {}): Promise<EvalRunView[]> {
    const runs = await this.deps.store.listRuns(appId, filter)
    return Promise.all(runs.map((run) => this.view(appId, run.id, { items: false })))
  }

  /** A run with its figures per candidate and, unless `items: false`, each item side by side. */
  async view(appId: string, runId: string, options: { items?: boolean } = {}): Promise<EvalRunView> {
    const run = await this.require(appId, runId)
    const [version, results, settings] = await Promise.all([
      this.deps.store.getSetVersion(appId, run.setId, run.setVersion),
      this.deps.store.results(appId, runId),
      this.deps.settings.get(appId),
    ])
    const items = version?.items ?? []
    const models = await Promise.all(run.candidates.map(async (candidate) => {
      const bot = await this.deps.bot(appId, candidate.botId)
      return bot ? (applyOverrides(bot, candidate.overrides).config.provider?.model ?? null) : null
    }))
    const priceOf = (index: number): ModelPrice | undefined => (models[index] ? settings.prices[models[index]!] : undefined)
    const metrics = runMetrics(run.candidates.length, items, results, priceOf)
    const view: EvalRunView = {
      id: run.id, evalSetId: run.setId, version: run.setVersion, status: run.status,
      progress: run.total === 0 ? 1 : Math.min(1, results.length / run.total), completed: results.length, total: run.total,
      ...(run.error ? { error: run.error } : {}), ...(run.judge ? { judge: run.judge } : {}), createdAt: run.createdAt,
      ...(run.startedAt !== null ? { startedAt: run.startedAt } : {}), ...(run.finishedAt !== null ? { finishedAt: run.finishedAt } : {}),
      candidates: run.candidates.map((candidate, index) => ({
        index, botId: candidate.botId, label: candidate.label ?? (models[index] ? `${candidate.botId} · ${models[index]}` : `${candidate.botId} · offline`), model: models[index] ?? null,
        ...(candidate.overrides ? { overrides: candidate.overrides } : {}), ...metrics[index]!,
      })),
    }
    if (options.items === false) return view
    const byKey = new Map(results.map((result) => [`${result.candidateIndex}:${result.itemIndex}`, result]))
    view.items = items.map((item, index) => ({
      index, question: item.question, ...(item.expected ? { expected: item.expected } : {}), ...(item.expectedDocumentIds ? { expectedDocumentIds: item.expectedDocumentIds } : {}),
      answers: run.candidates.map((_, candidateIndex) => {
        const result = byKey.get(`${candidateIndex}:${index}`)
        if (!result) return null
        return {
          candidateIndex, answer: result.answer, answerMatch: result.answerMatch, citationHit: result.citationHit, handoff: result.handoff, latencyMs: result.latencyMs,
          inputTokens: result.inputTokens, outputTokens: result.outputTokens, citedDocumentIds: result.citedDocumentIds,
          ...(result.judgeScore !== null ? { judgeScore: result.judgeScore } : {}), ...(result.error ? { error: result.error } : {}),
        }
      }),
    }))
    return view
  }

  private async require(appId: string, runId: string): Promise<EvalRunRecord> {
    const run = await this.deps.store.getRun(appId, runId)
    if (!run) throw new WarblerError('not_found', `No eval run ${runId}.`)
    return run
  }
}
