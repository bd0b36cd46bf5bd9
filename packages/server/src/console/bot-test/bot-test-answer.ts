import { performance } from 'node:perf_hooks'
import { assessRelevance, createRedactingModel, Redactor, type KnowledgeService, type LanguageModel } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import { systemMessage } from '../../bots/bot-prompt.js'
import { retrieve } from '../../bots/bot-reply.js'
import { citedIn, toCitations, type Citation } from '../../bots/citations.js'
import { extractiveAnswer, relevantPassages } from '../../bots/extractive-answer.js'
import type { Logger } from '../../observability/logger.js'
import type { BotRecord } from '../../storage/bot-store.js'

/** One retrieved passage as the test chat shows it: its score and whether the bot could use it. */
export interface TestPassage {
  chunkId: string
  documentId: string
  knowledgeBaseId: string
  title: string
  headingPath: string[]
  text: string
  /** The fused retrieval score (higher is better). */
  score: number
  /** The relevance gate let the bot answer from it. */
  relevant: boolean
  /** The answer cites it. */
  cited: boolean
}

/** What the console's test chat shows for one question. */
export interface TestAnswer {
  answer: string
  citations: Citation[]
  /** The bot found nothing it may answer from and would offer a person. */
  handoff: boolean
  /** Every passage retrieval returned, best first, relevant or not. */
  passages: TestPassage[]
  /** The relevance gate's verdict on the top passages: query-term coverage against its threshold. */
  gate: { relevant: boolean; coverage: number; threshold: number }
  /** The model that answered, or null for the extractive (no model) answer. */
  model: string | null
  latencyMs: number
  inputTokens: number
  outputTokens: number
  /** Set when the model failed; the answer is then empty. */
  error: string | null
}

/**
 * Answers a question as the bot would in a conversation, without posting anything, and says why:
 * the same retrieval, relevance gate, prompt and PII redaction as `replyAsBot` (and the eval
 * runner's `answerAsCandidate`), plus every passage retrieval returned with its score, whether
 * the gate let it through, and whether the answer cites it. No history: a test question stands alone.
 */
export async function answerForTest(
  deps: { knowledge: KnowledgeService; model: (bot: BotRecord) => LanguageModel | undefined; logger: Logger },
  bot: BotRecord,
  question: string,
  options: { topK?: number } = {},
): Promise<TestAnswer> {
  const started = performance.now()
  const sources = await retrieve(deps.knowledge, bot, question, deps.logger, options.topK ?? 5)
  const gate = assessRelevance(question, sources)
  const relevant = relevantPassages(question, sources)
  const relevantIds = new Set(relevant.map((result) => result.chunkId))
  const passagesWith = (cited: readonly Citation[]): TestPassage[] => {
    const citedIds = new Set(cited.map((citation) => citation.chunkId))
    return sources.map((result) => ({
      chunkId: result.chunkId, documentId: result.documentId, knowledgeBaseId: result.knowledgeBaseId, title: result.title,
      headingPath: result.headingPath, text: result.text, score: result.score, relevant: relevantIds.has(result.chunkId), cited: citedIds.has(result.chunkId),
    }))
  }
  const base = { gate: { relevant: gate.relevant, coverage: gate.coverage, threshold: gate.threshold } }
  const model = deps.model(bot)
  if (!model) {
    const answer = extractiveAnswer(sources, question)
    return {
      ...base, answer: answer.text, citations: answer.citations, handoff: answer.handoff, passages: passagesWith(answer.citations),
      model: null, latencyMs: performance.now() - started, inputTokens: 0, outputTokens: 0, error: null,
    }
  }
  const redacting = createRedactingModel(model, new Redactor({ enabled: bot.config.redactPii }))
  try {
    const result = await redacting.doGenerate({
      messages: [systemMessage(bot.config.systemPrompt, relevant), { role: 'user', content: question }],
      ...(bot.config.temperature !== undefined ? { temperature: bot.config.temperature } : {}),
      ...(bot.config.maxOutputTokens !== undefined ? { maxOutputTokens: bot.config.maxOutputTokens } : {}),
    })
    const citations = relevant.length === 0 ? [] : citedIn(result.text, toCitations(relevant))
    return {
      ...base, answer: result.text, citations, handoff: relevant.length === 0, passages: passagesWith(citations),
      model: bot.config.provider?.model ?? null, latencyMs: performance.now() - started,
      inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, error: null,
    }
  } catch (error) {
    return {
      ...base, answer: '', citations: [], handoff: false, passages: passagesWith([]), model: bot.config.provider?.model ?? null,
      latencyMs: performance.now() - started, inputTokens: 0, outputTokens: 0, error: WarblerError.isInstance(error) ? error.code : 'upstream_failed',
    }
  }
}
