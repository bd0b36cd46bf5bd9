/**
 * An in-memory `LanguageModel` that follows a script, one step per call: for unit tests of code
 * that wraps models (retries, fallback, the bot runtime) without HTTP.
 */
import type { GenerateOptions, GenerateResult, LanguageModel, ModelSpecificationVersion, StreamPart, TokenUsage } from '../providers/model-types.js'

/** What one call does. */
export interface ScriptedStep {
  /** Text of the answer; streamed as `chunks` when given, else as one delta. */
  reply?: string
  chunks?: string[]
  /** Reject the call with this error (before any text). */
  error?: unknown
  /** Stream this many chunks, then throw `error` from the iterator. */
  failAfterChunks?: number
  /** Never answer; only the abort signal ends the call. */
  hang?: boolean
  /** Stream this many chunks, then stall until the abort signal fires. */
  hangAfterChunks?: number
  /** Stall even when aborted (the worst kind of upstream), for testing deadlines of wrappers. */
  ignoreAbort?: boolean
  usage?: TokenUsage
}

/** One call the model received. */
export interface ScriptedCall {
  method: 'doGenerate' | 'doStream'
  options: GenerateOptions
}

/** Stalls until `signal` aborts (then rejects with its reason), or forever when `ignoreAbort`. */
function stall(signal: AbortSignal | undefined, ignoreAbort: boolean | undefined): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (ignoreAbort || signal === undefined) return
    if (signal.aborted) return reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/**
 * A model answering from a script; when the script runs out it answers `ok from <modelId>`.
 *
 * @example
 * ```ts
 * const flaky = new ScriptedLanguageModel('primary', [{ error: rateLimitedError }, { reply: 'hi' }])
 * ```
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly specificationVersion: ModelSpecificationVersion = 'warbler-v1'
  readonly provider = 'scripted'
  /** Every call, oldest first. */
  readonly calls: ScriptedCall[] = []
  private readonly steps: ScriptedStep[]

  constructor(
    readonly modelId: string,
    steps: ScriptedStep[] = [],
  ) {
    this.steps = [...steps]
  }

  /** Appends steps to the script. */
  script(steps: readonly ScriptedStep[]): void {
    this.steps.push(...steps)
  }

  private nextStep(): ScriptedStep {
    return this.steps.shift() ?? { reply: `ok from ${this.modelId}` }
  }

  private static usageOf(step: ScriptedStep): TokenUsage {
    return step.usage ?? { inputTokens: 1, outputTokens: 1, totalTokens: 2 }
  }

  async doGenerate(options: GenerateOptions): Promise<GenerateResult> {
    this.calls.push({ method: 'doGenerate', options })
    const step = this.nextStep()
    if (options.abortSignal?.aborted && !step.ignoreAbort) throw options.abortSignal.reason
    if (step.hang) return stall(options.abortSignal, step.ignoreAbort)
    if (step.error !== undefined && step.failAfterChunks === undefined) throw step.error
    const text = step.chunks?.join('') ?? step.reply ?? ''
    return { text, usage: ScriptedLanguageModel.usageOf(step), finishReason: 'stop' }
  }

  async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
    this.calls.push({ method: 'doStream', options })
    const step = this.nextStep()
    if (options.abortSignal?.aborted && !step.ignoreAbort) throw options.abortSignal.reason
    if (step.hang) return stall(options.abortSignal, step.ignoreAbort)
    if (step.error !== undefined && step.failAfterChunks === undefined) throw step.error
    const chunks = step.chunks ?? [step.reply ?? '']
    return (async function* (): AsyncGenerator<StreamPart> {
      for (let index = 0; index < chunks.length; index++) {
        if (index === step.failAfterChunks) throw step.error
        if (index === step.hangAfterChunks) await stall(options.abortSignal, step.ignoreAbort)
        await Promise.resolve()
        if (options.abortSignal?.aborted && !step.ignoreAbort) throw options.abortSignal.reason
        yield { type: 'text-delta', text: chunks[index] ?? '' }
      }
      if (step.hangAfterChunks !== undefined && step.hangAfterChunks >= chunks.length) await stall(options.abortSignal, step.ignoreAbort)
      yield { type: 'finish', usage: ScriptedLanguageModel.usageOf(step), finishReason: 'stop' }
    })()
  }
}
