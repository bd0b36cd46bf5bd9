import { judgeMessages, parseJudgeGrade, type KnowledgeService, type LanguageModel } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { BotQuotas } from '../bots/bot-quotas.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord } from '../storage/bot-store.js'
import type { EvalItem, EvalRunRecord, EvaluationStore } from '../storage/evaluation-store.js'
import { applyOverrides } from './apply-overrides.js'
import { answerAsCandidate } from './candidate-answer.js'
import { EVAL_DEFAULTS, type EvalSettingsStore } from './eval-settings.js'
import { scoreAnswer } from './run-scoring.js'

/** Timing of the worker (tests shorten them). */
export interface EvalWorkerOptions {
  /** How often an idle worker looks for queued runs (default 2 s; a new run kicks it at once). */
  pollMs?: number
  /** How often a working node says it is alive and reads cancel requests (default 2 s). */
  heartbeatMs?: number
  /** A running run whose heartbeat is older than this is taken over by another worker (default 30 s). */
  staleMs?: number
}

/** What the worker uses. */
export interface EvalWorkerDependencies {
  store: EvaluationStore
  knowledge: KnowledgeService
  /** A bot by id, or undefined. */
  bot(appId: string, botId: string): Promise<BotRecord | undefined>
  /** The bot's model (undefined without a provider). */
  model(bot: BotRecord): LanguageModel | undefined
  quotas: BotQuotas
  settings: EvalSettingsStore
  logger: Logger
  /** This node's id: the owner of the runs it claims. */
  nodeId: string
  now(): number
}

class RunStopped extends Error {}

/**
 * Runs eval runs as persisted jobs, on any node: it claims a queued run (or one whose worker
 * stopped: a stale heartbeat), answers every (item, candidate) pair not answered yet — so a run
 * resumes where it stopped — with a bounded number at once, stores each scored answer, keeps the
 * heartbeat and progress, and stops early on a cancel request or a used-up token quota.
 * Provider-reported tokens count against the app's quotas like any reply.
 */
export class EvalRunWorker {
  readonly #options: Required<EvalWorkerOptions>
  #timer: NodeJS.Timeout | undefined
  #loop: Promise<void> | undefined
  #again = false
  #stopped = false
  readonly #aborts = new Set<AbortController>()

  constructor(private readonly deps: EvalWorkerDependencies, options: EvalWorkerOptions = {}) {
    this.#options = { pollMs: 2_000, heartbeatMs: 2_000, staleMs: 30_000, ...options }
  }

  /** Starts polling for runs. */
  start(): void {
    this.#stopped = false
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs)
    this.#timer.unref()
    this.kick()
  }

  /** Looks for work now (after a run is queued). */
  kick(): void {
    if (this.#stopped) return
    if (this.#loop) {
      this.#again = true
      return
    }
    this.#loop = this.#drain().finally(() => {
      this.#loop = undefined
      if (this.#again && !this.#stopped) {
        this.#again = false
        this.kick()
      }
    })
  }

  /** Stops: the run in progress stops where it is (another node, or this one after a restart, resumes it). */
  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#timer)
    for (const controller of this.#aborts) controller.abort(new RunStopped('worker stopping'))
    await this.#loop
  }

  /** Resolves when no run is being worked on (tests). */
  async idle(): Promise<void> {
    while (this.#loop) await this.#loop
  }

  async #drain(): Promise<void> {
    while (!this.#stopped) {
      const now = this.deps.now()
      let run: EvalRunRecord | undefined
      try {
        run = await this.deps.store.claimRun(this.deps.nodeId, now, now - this.#options.staleMs)
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'could not claim an eval run')
        return
      }
      if (!run) return
      await this.#process(run).catch((error: unknown) => this.deps.logger.error({ err: error, runId: run.id }, 'eval run failed'))
    }
  }

  async #process(run: EvalRunRecord): Promise<void> {
    const { store } = this.deps
    const finish = (status: EvalRunRecord['status'], error: string | null = null) =>
      store.updateRun(run.appId, run.id, { status, error, leaseOwner: null, finishedAt: this.deps.now(), updatedAt: this.deps.now() })
    const version = await store.getSetVersion(run.appId, run.setId, run.setVersion)
    if (!version) return void (await finish('failed', `Version ${run.setVersion} of eval set ${run.setId} no longer exists.`))
    const bots: BotRecord[] = []
    for (const candidate of run.candidates) {
      const bot = await this.deps.bot(run.appId, candidate.botId)
      if (!bot) return void (await finish('failed', `Bot ${candidate.botId} no longer exists.`))
      bots.push(applyOverrides(bot, candidate.overrides))
    }
    const judgeBot = run.judge ? await this.deps.bot(run.appId, run.judge.botId) : undefined
    const judge = judgeBot ? this.deps.model(applyOverrides(judgeBot, run.judge?.model ? { model: run.judge.model } : undefined)) : undefined
    const settings = await this.deps.settings.get(run.appId)
    const done = new Set((await store.results(run.appId, run.id)).map((result) => `${result.candidateIndex}:${result.itemIndex}`))
    // Item by item, every candidate in turn: a partial run still compares like with like.
    const todo: Array<{ itemIndex: number; candidateIndex: number }> = []
    version.items.forEach((_, itemIndex) => run.candidates.forEach((_, candidateIndex) => {
      if (!done.has(`${candidateIndex}:${itemIndex}`)) todo.push({ itemIndex, candidateIndex })
    }))
    let completed = done.size
    const controller = new AbortController()
    this.#aborts.add(controller)
    let stopReason: 'cancelled' | 'quota' | 'lost' | undefined
    const heartbeat = setInterval(() => {
      void (async () => {
        const current = await store.getRun(run.appId, run.id)
        if (!current || current.leaseOwner !== this.deps.nodeId) {
          stopReason ??= 'lost'
          controller.abort(new RunStopped('lease lost'))
        } else if (current.cancelRequested) {
          stopReason ??= 'cancelled'
          controller.abort(new RunStopped('cancelled'))
        } else await store.updateRun(run.appId, run.id, { heartbeatAt: this.deps.now(), completed, updatedAt: this.deps.now() })
      })().catch((error: unknown) => this.deps.logger.warn({ err: error, runId: run.id }, 'eval run heartbeat failed'))
    }, this.#options.heartbeatMs)
    const answerOne = async ({ itemIndex, candidateIndex }: { itemIndex: number; candidateIndex: number }) => {
      const bot = bots[candidateIndex]!
      const item = version.items[itemIndex]!
      if (bot.config.provider) {
        const quota = await this.deps.quotas.exceeded(bot, `eval:${run.id}`)
        if (quota === 'app_monthly') {
          stopReason ??= 'quota'
          controller.abort(new RunStopped('quota'))
          return
        }
      }
      const answer = await answerAsCandidate(
        { knowledge: this.deps.knowledge, model: this.deps.model, logger: this.deps.logger }, bot, item.question,
        { signal: controller.signal, ...(run.candidates[candidateIndex]!.overrides?.topK ? { topK: run.candidates[candidateIndex]!.overrides!.topK! } : {}) },
      )
      if (answer.inputTokens + answer.outputTokens > 0) {
        await this.deps.quotas.record(bot, `eval:${run.id}`, { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, totalTokens: answer.inputTokens + answer.outputTokens })
      }
      const judgeScore = judge && answer.error === null ? await this.#judge(judge, item, answer.answer, controller.signal) : null
      await store.putResult({ appId: run.appId, runId: run.id, candidateIndex, itemIndex, ...answer, ...scoreAnswer(item, answer), judgeScore, createdAt: this.deps.now() })
      completed++
    }
    try {
      await runPool(todo, settings.concurrency ?? EVAL_DEFAULTS.concurrency, controller.signal, answerOne)
    } catch (error) {
      if (!(error instanceof RunStopped) && !controller.signal.aborted) {
        clearInterval(heartbeat)
        this.#aborts.delete(controller)
        await finish('failed', error instanceof Error ? error.message.slice(0, 500) : 'The run failed.')
        return
      }
    } finally {
      clearInterval(heartbeat)
      this.#aborts.delete(controller)
    }
    await store.updateRun(run.appId, run.id, { completed, updatedAt: this.deps.now() })
    if (this.#stopped && stopReason === undefined) return // resumed later from the stored answers
    if (stopReason === 'lost') return
    if (stopReason === 'cancelled') return void (await finish('cancelled'))
    if (stopReason === 'quota') return void (await finish('failed', 'The app’s monthly token quota is used up.'))
    await finish('done')
  }

  async #judge(model: LanguageModel, item: EvalItem, answer: string, signal: AbortSignal): Promise<number | null> {
    try {
      const result = await model.doGenerate({ messages: judgeMessages(item.question, item.expected ?? (item.origin?.agentAnswer ? [item.origin.agentAnswer] : []), answer), temperature: 0, maxOutputTokens: 80, abortSignal: signal })
      return parseJudgeGrade(result.text) ?? null
    } catch (error) {
      if (signal.aborted) throw error
      this.deps.logger.warn({ err: error, code: WarblerError.isInstance(error) ? error.code : undefined }, 'the eval judge did not answer')
      return null
    }
  }
}

/** Runs `work` over the tasks with at most `limit` at once; stops taking new tasks once aborted. */
async function runPool<T>(tasks: readonly T[], limit: number, signal: AbortSignal, work: (task: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length && !signal.aborted) await work(tasks[next++]!)
  })
  await Promise.all(lanes)
}
