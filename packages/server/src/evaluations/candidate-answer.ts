import { performance } from 'node:perf_hooks'
import { createRedactingModel, Redactor, type KnowledgeService, type LanguageModel } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import { systemMessage } from '../bots/bot-prompt.js'
import { retrieve } from '../bots/bot-reply.js'
import { citedIn, toCitations } from '../bots/citations.js'
import { extractiveAnswer, relevantPassages } from '../bots/extractive-answer.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord } from '../storage/bot-store.js'

/** One candidate's answer to one question, with what it cost. */
export interface CandidateAnswer {
  answer: string
  citedDocumentIds: string[]
  /** The bot declined: it found nothing relevant and offered a person (or would have). */
  handoff: boolean
  latencyMs: number
  inputTokens: number
  outputTokens: number
  /** Set when the model failed; the answer is then empty. */
  error: string | null
}

/**
 * Answers a question the way the bot answers in a conversation, without posting anything: the
 * same retrieval, relevance gate, prompt and PII redaction, then either the extractive answer
 * (no provider) or the model's reply. A model-backed candidate that got no relevant passage
 * counts as declining (it was told it has nothing to go on). History is empty: eval items are
 * single questions.
 */
export async function answerAsCandidate(
  deps: { knowledge: KnowledgeService; model: (bot: BotRecord) => LanguageModel | undefined; logger: Logger },
  bot: BotRecord,
  question: string,
  options: { topK?: number; signal?: AbortSignal } = {},
): Promise<CandidateAnswer> {
  const started = performance.now()
  const sources = await retrieve(deps.knowledge, bot, question, deps.logger, options.topK ?? 5)
  const model = deps.model(bot)
  if (!model) {
    const answer = extractiveAnswer(sources, question)
    return {
      answer: answer.text, citedDocumentIds: unique(answer.citations.map((citation) => citation.documentId)), handoff: answer.handoff,
      latencyMs: performance.now() - started, inputTokens: 0, outputTokens: 0, error: null,
    }
  }
  const relevant = relevantPassages(question, sources)
  const redacting = createRedactingModel(model, new Redactor({ enabled: bot.config.redactPii }))
  try {
    const result = await redacting.doGenerate({
      messages: [systemMessage(bot.config.systemPrompt, relevant), { role: 'user', content: question }],
      ...(options.signal ? { abortSignal: options.signal } : {}),
      ...(bot.config.temperature !== undefined ? { temperature: bot.config.temperature } : {}),
      ...(bot.config.maxOutputTokens !== undefined ? { maxOutputTokens: bot.config.maxOutputTokens } : {}),
    })
    const citations = relevant.length === 0 ? [] : citedIn(result.text, toCitations(relevant))
    return {
      answer: result.text, citedDocumentIds: unique(citations.map((citation) => citation.documentId)), handoff: relevant.length === 0,
      latencyMs: performance.now() - started, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, error: null,
    }
  } catch (error) {
    if (options.signal?.aborted) throw error
    return {
      answer: '', citedDocumentIds: [], handoff: false, latencyMs: performance.now() - started, inputTokens: 0, outputTokens: 0,
      error: WarblerError.isInstance(error) ? error.code : 'upstream_failed',
    }
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
