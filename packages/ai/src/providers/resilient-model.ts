/**
 * A `LanguageModel` that survives a flaky provider: per-attempt deadlines (including first-token
 * and idle-between-tokens deadlines for streams), retries with backoff on retryable errors, then
 * the next model in the list.
 */
import { WarblerError } from '@warbler/protocol'
import { AttemptScope } from './attempt-scope.js'
import type { GenerateOptions, GenerateResult, LanguageModel, ModelSpecificationVersion, StreamPart } from './model-types.js'
import { providerError, providerErrorDetails } from './provider-error.js'
import { abortableSleep, retryDelay, type BackoffOptions } from './retry-delay.js'
import { resumeAfterFirst } from './resume-after-first.js'
import { StreamDeadline } from './stream-deadline.js'

/** What happened to one attempt; for logs and metrics. */
export type ResilienceEvent =
  | {
      type: 'attempt-failed'
      provider: string
      modelId: string
      /** 1 for the first attempt on this model. */
      attempt: number
      error: WarblerError
      /** What comes next: the same model again, the next model, or nothing (the error is thrown). */
      next: 'retry' | 'fallback' | 'give-up'
      /** The wait before a retry. */
      delayMs?: number
    }
  | { type: 'attempt-succeeded'; provider: string; modelId: string; attempt: number }

/** Options of {@link ResilientModel}. */
export interface ResilientModelOptions {
  /** The models to try, primary first; at least one. */
  models: readonly LanguageModel[]
  /** Attempts per model before moving on, counting the first (default 3). */
  maxAttemptsPerModel?: number
  /** Deadline of one `doGenerate` attempt, in ms (default 60 000). */
  timeoutMs?: number
  /** Stream: deadline from the request to the first token, in ms (default 15 000). */
  firstTokenTimeoutMs?: number
  /** Stream: the longest silence allowed between two parts once text flows, in ms (default 15 000). */
  idleTimeoutMs?: number
  /** Exponential backoff between retries of the same model. */
  backoff?: BackoffOptions
  /** A `Retry-After` longer than this (ms, default 20 000) is not waited for: the next model is tried instead. */
  maxRetryAfterMs?: number
  /** Called after every attempt. Must not throw. */
  onEvent?: (event: ResilienceEvent) => void
  /** Randomness for the jitter (tests pin it). */
  random?: () => number
}

function toProviderError(error: unknown, model: LanguageModel): WarblerError {
  if (providerErrorDetails(error) !== undefined) return error as WarblerError
  if (WarblerError.isInstance(error)) {
    return providerError(error.code, error.message, { retryable: false, provider: model.provider, modelId: model.modelId }, error)
  }
  const message = error instanceof Error ? error.message : String(error)
  return providerError('upstream_failed', `${model.provider} model ${model.modelId} failed: ${message}`, { retryable: false, provider: model.provider, modelId: model.modelId }, error)
}

function timeoutError(model: LanguageModel, what: string, milliseconds: number): WarblerError {
  return providerError('timeout', `${model.provider} model ${model.modelId} ${what} within ${milliseconds} ms`, {
    retryable: true,
    provider: model.provider,
    modelId: model.modelId,
  })
}

/**
 * Wraps an ordered list of models (primary, then fallbacks) into one.
 *
 * - Each attempt has a deadline; a stream has one for its first token and one for every later
 *   silence, so a provider that hangs never hangs the caller.
 * - Retryable errors (429, 5xx, timeouts, network) are retried on the same model with exponential
 *   backoff and jitter, waiting at least what `Retry-After` asked; other errors, used-up attempts or
 *   a too-long `Retry-After` move on to the next model. The last model's last error is thrown.
 * - A stream that already emitted text is never restarted (the reader would see text twice or a
 *   different answer): its error is thrown from the iterator.
 * - Cancelling `abortSignal` aborts the running request and any wait, and rejects with the
 *   signal's reason.
 *
 * @example
 * ```ts
 * const model = new ResilientModel({
 *   models: [deepseek.languageModel('deepseek-chat'), qwen.languageModel('qwen-plus')],
 *   firstTokenTimeoutMs: 10_000,
 * })
 * const stream = await model.doStream({ messages, abortSignal })
 * ```
 */
export class ResilientModel implements LanguageModel {
  readonly specificationVersion: ModelSpecificationVersion = 'warbler-v1'
  readonly provider = 'resilient'
  /** The primary model's id. */
  readonly modelId: string
  private readonly models: readonly LanguageModel[]
  private readonly maxAttempts: number
  private readonly timeoutMs: number
  private readonly firstTokenTimeoutMs: number
  private readonly idleTimeoutMs: number
  private readonly maxRetryAfterMs: number

  constructor(private readonly options: ResilientModelOptions) {
    const [primary] = options.models
    if (primary === undefined) throw new WarblerError('bad_request', 'A resilient model needs at least one model.')
    this.models = [...options.models]
    this.modelId = primary.modelId
    this.maxAttempts = Math.max(1, options.maxAttemptsPerModel ?? 3)
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 15_000
    this.idleTimeoutMs = options.idleTimeoutMs ?? 15_000
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000
  }

  async doGenerate(options: GenerateOptions): Promise<GenerateResult> {
    for (let modelIndex = 0; ; modelIndex++) {
      const model = this.models[modelIndex]!
      for (let attempt = 1; ; attempt++) {
        const scope = new AttemptScope(options.abortSignal)
        try {
          const result = await scope.race(model.doGenerate({ ...options, abortSignal: scope.signal }), this.timeoutMs, () =>
            timeoutError(model, 'did not answer', this.timeoutMs),
          )
          this.emit({ type: 'attempt-succeeded', provider: model.provider, modelId: model.modelId, attempt })
          return result
        } catch (error) {
          if (scope.cancelledByCaller) throw options.abortSignal?.reason
          const next = await this.afterFailure(toProviderError(error, model), model, modelIndex, attempt, options.abortSignal)
          if (next === 'fallback') break
        } finally {
          scope.dispose()
        }
      }
    }
  }

  async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
    const parts = this.streamWithFallback(options)
    // Resolve only once something arrived, so a failure before any text rejects here.
    return resumeAfterFirst(await parts.next(), parts)
  }

  private async *streamWithFallback(options: GenerateOptions): AsyncGenerator<StreamPart, void, undefined> {
    for (let modelIndex = 0; ; modelIndex++) {
      const model = this.models[modelIndex]!
      for (let attempt = 1; ; attempt++) {
        const scope = new AttemptScope(options.abortSignal)
        // One timer for the attempt: the first-token deadline, then (once text flows) refreshed per read.
        const deadline = new StreamDeadline(scope, this.firstTokenTimeoutMs, () => timeoutError(model, 'sent no first token', this.firstTokenTimeoutMs))
        let iterator: AsyncIterator<StreamPart> | undefined
        let emittedText = false
        try {
          const stream = await deadline.read(model.doStream({ ...options, abortSignal: scope.signal }))
          iterator = stream[Symbol.asyncIterator]()
          for (;;) {
            const next = await deadline.read(iterator.next())
            if (next.done) {
              throw providerError('upstream_failed', `${model.provider} model ${model.modelId} ended its stream without finishing`, {
                retryable: true,
                provider: model.provider,
                modelId: model.modelId,
              })
            }
            const part = next.value
            if (part.type === 'text-delta' && !emittedText) {
              emittedText = true
              deadline.idleBetweenReads(this.idleTimeoutMs, () => timeoutError(model, 'went silent mid-answer', this.idleTimeoutMs))
            }
            yield part
            if (part.type === 'finish') {
              this.emit({ type: 'attempt-succeeded', provider: model.provider, modelId: model.modelId, attempt })
              return
            }
          }
        } catch (error) {
          if (scope.cancelledByCaller) throw options.abortSignal?.reason
          const failure = toProviderError(error, model)
          if (emittedText) {
            this.emit({ type: 'attempt-failed', provider: model.provider, modelId: model.modelId, attempt, error: failure, next: 'give-up' })
            throw failure
          }
          const next = await this.afterFailure(failure, model, modelIndex, attempt, options.abortSignal)
          if (next === 'fallback') break
        } finally {
          deadline.dispose()
          // Ends the HTTP request of an attempt that failed, timed out or was left early by the reader.
          scope.abort(new Error('The attempt is over.'))
          if (iterator?.return) Promise.resolve(iterator.return()).catch(() => {})
          scope.dispose()
        }
      }
    }
  }

  /** Decides what follows a failed attempt; waits before a retry; throws when nothing is left. */
  private async afterFailure(
    error: WarblerError,
    model: LanguageModel,
    modelIndex: number,
    attempt: number,
    abortSignal: AbortSignal | undefined,
  ): Promise<'retry' | 'fallback'> {
    const details = providerErrorDetails(error)
    const retryAfterMs = details?.retryAfterMs
    const canRetry = details?.retryable === true && attempt < this.maxAttempts && (retryAfterMs === undefined || retryAfterMs <= this.maxRetryAfterMs)
    const base = { type: 'attempt-failed', provider: model.provider, modelId: model.modelId, attempt, error } as const
    if (canRetry) {
      const delayMs = retryDelay(attempt, this.options.backoff, retryAfterMs, this.options.random)
      this.emit({ ...base, next: 'retry', delayMs })
      await abortableSleep(delayMs, abortSignal)
      return 'retry'
    }
    if (modelIndex + 1 < this.models.length) {
      this.emit({ ...base, next: 'fallback' })
      return 'fallback'
    }
    this.emit({ ...base, next: 'give-up' })
    throw error
  }

  private emit(event: ResilienceEvent): void {
    try {
      this.options.onEvent?.(event)
    } catch {
      // A broken logger must not break a reply.
    }
  }
}

/** Creates a {@link ResilientModel}. */
export function createResilientModel(options: ResilientModelOptions): ResilientModel {
  return new ResilientModel(options)
}
