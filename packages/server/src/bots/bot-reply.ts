import { createRedactingModel, Redactor, type ChatMessage, type KnowledgeService, type LanguageModel, type ModelTool, type ModelToolCall, type StreamPart, type RedactorState, type SearchResult, type TokenUsage } from '@warbler/ai'
import { WarblerError, type Ext, type MessageDeltaFrame, type TypingNoticeFrame } from '@warbler/protocol'
import type { Fanout } from '../bus/fanout.js'
import { searchTokensOf, type MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord, BotStore } from '../storage/bot-store.js'
import type { EventRecord, Storage } from '../storage/storage.js'
import type { ActiveReplies } from './active-replies.js'
import { historyMessages, systemMessage } from './bot-prompt.js'
import type { BotQuotas } from './bot-quotas.js'
import type { BotTools } from '../tools/bot-tools.js'
import type { BotService } from './bot-service.js'
import { BOT_TEXTS } from './bot-texts.js'
import { citedIn, toCitations } from './citations.js'
import { DeltaCoalescer } from './delta-coalescer.js'
import { extractiveAnswer, relevantPassages } from './extractive-answer.js'
import type { ReplyVariants } from '../evaluations/variant-service.js'

/** What a reply works with. */
export interface ReplyDependencies {
  storage: Storage
  store: BotStore
  messages: MessageService
  fanout: Fanout
  knowledge: KnowledgeService
  bots: BotService
  quotas: BotQuotas
  active: ActiveReplies
  logger: Logger
  /** Milliseconds between coalesced delta frames. */
  deltaIntervalMs: number
  /** Tools, when the server wires them: a bot with `toolIds` replies through the tool loop. */
  tools?: BotTools
  /** Customer service, when the server wires it: hand-off when the bot finds nothing. */
  support?: BotSupportHooks
  /** A/B variants, when the server wires evaluations: the user's variant answers, and the reply records it. */
  variants?: ReplyVariants
}

/** What bots ask of customer service (see `support/support-gate.ts`). */
export interface BotSupportHooks {
  /** Whether bots may answer this message (false while a person owns the conversation, or when it was just handed off). */
  beforeBotReply(appId: string, event: EventRecord, botIds: ReadonlySet<string>, handoffPhrases?: readonly string[]): Promise<boolean>
  /** The offline bot found nothing relevant: hand the conversation to a person. */
  botFoundNothing(appId: string, conversationId: string, question: string): Promise<void>
  /** The `handoff` tool, to offer beside the bot's own tools; undefined when the app has no agents. */
  handoffTool?(appId: string, conversationId: string): Promise<{ tool: ModelTool; execute(call: ModelToolCall): Promise<string> } | undefined>
  /** A model-backed bot's reply with the `handoff` tool offered; undefined when the app has no agents. */
  replyStream(request: { appId: string; conversationId: string; model: LanguageModel; messages: ChatMessage[]; abortSignal?: AbortSignal; temperature?: number; maxOutputTokens?: number }): Promise<AsyncIterable<StreamPart> | undefined>
}

/** One message a bot answers. */
export interface ReplyRequest {
  bot: BotRecord
  appId: string
  conversationId: string
  group: boolean
  /** The message answered. */
  triggerSeq: number
  /** Who sent it (quotas count against them). */
  userId: string
  text: string
  /** The A/B variant answering (set by {@link replyAsBot}). */
  variantId?: string
}

/** How many earlier events are read to build the history. */
const HISTORY_EVENTS = 50

/** Retrieves the bot's sources for a question; a failing search only costs the sources. */
export async function retrieve(knowledge: KnowledgeService, bot: BotRecord, query: string, logger: Logger, topK = 5): Promise<SearchResult[]> {
  if (bot.config.knowledgeBaseIds.length === 0 || query.trim() === '') return []
  try {
    return (await knowledge.search(bot.appId, bot.config.knowledgeBaseIds, { query: query.slice(0, 2000), topK })).results
  } catch (error) {
    logger.warn({ err: error, botId: bot.id }, 'knowledge search failed; answering without sources')
    return []
  }
}

/**
 * Answers one message as a bot: typing indicator, then either an extractive answer (no provider),
 * a quota refusal, or a streamed reply — the message is created at once with status `streaming`,
 * deltas go out as `message.delta` frames, and an `edit` with status `final` closes it with the
 * full text and `ext.citations` (or `ext.error` / `ext.cancelled`). Nothing here waits forever:
 * the model is a ResilientModel with deadlines, and a cancel aborts it.
 */
export async function replyAsBot(deps: ReplyDependencies, request: ReplyRequest): Promise<void> {
  const startedAt = Date.now()
  const variant = await deps.variants?.choose(request.bot, request.userId)
  if (variant) request = { ...request, bot: variant.bot, variantId: variant.variantId }
  const { bot, appId, conversationId } = request
  const members = await deps.storage.conversations.memberIds(appId, conversationId)
  const others = members.filter((id) => id !== bot.id)
  const typing = (active: boolean) => {
    const frame: TypingNoticeFrame = { type: 'typing', conversationId, userId: bot.id, active }
    return deps.fanout.publish(appId, others, JSON.stringify(frame)).catch(() => undefined)
  }
  const clientMsgId = `bot-reply:${conversationId}:${request.triggerSeq}`
  const sendFinal = async (text: string, ext: Ext) => {
    const body = { type: 'text' as const, text }
    const searchTokens = searchTokensOf(body)
    const { event } = await deps.messages.append({
      appId, conversationId, senderId: bot.id, kind: 'message', body, status: 'final', clientMsgId, ext: { ...ext, ...variant?.ext },
      ...(request.group ? { replyToSeq: request.triggerSeq } : {}), ...(searchTokens ? { searchTokens } : {}), ts: Date.now(),
    })
    return event.seq
  }

  await typing(true)
  try {
    const sources = await retrieve(deps.knowledge, bot, request.text, deps.logger)
    const model = deps.bots.model(bot)
    if (!model) {
      const answer = extractiveAnswer(sources, request.text)
      const seq = await sendFinal(answer.text, { citations: answer.citations, ...(answer.handoff ? { handoff: true, handoffReason: answer.handoffReason } : {}) })
      if (variant) await deps.variants?.replied({ appId, conversationId, seq, botId: bot.id, userId: request.userId, variantId: variant.variantId, handoff: answer.handoff, latencyMs: Date.now() - startedAt })
      if (answer.handoff) {
        deps.logger.info({ event: 'bot.handoff', appId, botId: bot.id, conversationId, seq: request.triggerSeq }, 'bot offered a person')
        await deps.quotas.recordHandoff(bot, request.userId)
        await deps.support?.botFoundNothing(appId, conversationId, request.text)
      }
      return
    }
    const quota = await deps.quotas.exceeded(bot, request.userId)
    if (quota) {
      await sendFinal(BOT_TEXTS.quotaExceeded, { error: 'quota_exceeded', quota })
      return
    }
    // The model gets only passages the relevance gate finds about the question, or none: then it says it does not know.
    await streamReply(deps, request, { sources: relevantPassages(request.text, sources), model })
  } finally {
    await typing(false)
  }
}

async function streamReply(deps: ReplyDependencies, request: ReplyRequest, resolved: { sources: SearchResult[]; model: NonNullable<ReturnType<BotService['model']>> }): Promise<void> {
  const { bot, appId, conversationId } = request
  const placeholder = await deps.messages.append({
    appId, conversationId, senderId: bot.id, kind: 'message', body: { type: 'text', text: BOT_TEXTS.placeholder }, status: 'streaming',
    clientMsgId: `bot-reply:${conversationId}:${request.triggerSeq}`, ...(request.group ? { replyToSeq: request.triggerSeq } : {}), ts: Date.now(),
  })
  if (placeholder.duplicate) return // answered before (a retry or another node)
  const seq = placeholder.event.seq
  const controller = new AbortController()
  const unregister = deps.active.add(appId, conversationId, seq, controller)
  const members = await deps.storage.conversations.memberIds(appId, conversationId)
  const coalescer = new DeltaCoalescer(async (text, offset) => {
    const frame: MessageDeltaFrame = { type: 'message.delta', conversationId, seq, text, offset }
    await deps.fanout.publish(appId, members, JSON.stringify(frame))
  }, deps.deltaIntervalMs)

  const state = (await deps.store.getRedactionState(appId, bot.id, conversationId)) as RedactorState | undefined
  const redactor = new Redactor({ enabled: bot.config.redactPii }, state)
  const model = createRedactingModel(resolved.model, redactor)
  const { events } = await deps.storage.events.range(appId, conversationId, { beforeSeq: request.triggerSeq, limit: HISTORY_EVENTS })
  const messages: ChatMessage[] = [
    systemMessage(bot.config.systemPrompt, resolved.sources),
    ...historyMessages(events, { botId: bot.id, beforeSeq: request.triggerSeq, budgetTokens: bot.config.historyTokens, group: request.group }),
    { role: 'user', content: request.group ? `${request.userId}: ${request.text}` : request.text },
  ]

  let text = ''
  let usage: TokenUsage | undefined
  const ext: Ext = {}
  try {
    const options = {
      messages,
      abortSignal: controller.signal,
      ...(bot.config.temperature !== undefined ? { temperature: bot.config.temperature } : {}),
      ...(bot.config.maxOutputTokens !== undefined ? { maxOutputTokens: bot.config.maxOutputTokens } : {}),
    }
    const handoff = deps.tools ? await deps.support?.handoffTool?.(appId, conversationId) : undefined
    const stream =
      (await deps.tools?.replyStream({ ...options, bot, appId, conversationId, userId: request.userId, model, ...(handoff ? { builtIn: [handoff] } : {}) })) ??
      (await deps.support?.replyStream({ ...options, appId, conversationId, model })) ??
      (await model.doStream(options))
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        text += part.text
        coalescer.push(part.text)
      } else if (part.type === 'finish') usage = part.usage
    }
  } catch (error) {
    if (controller.signal.aborted) ext.cancelled = true
    else {
      ext.error = WarblerError.isInstance(error) ? error.code : 'upstream_failed'
      deps.logger.warn({ err: error, appId, botId: bot.id, conversationId, seq }, 'bot reply failed')
    }
  } finally {
    unregister()
  }
  await coalescer.flush()
  const citations = citedIn(text, toCitations(resolved.sources))
  let final = text.trim() === '' ? '' : text
  if (ext.cancelled) final = final === '' ? BOT_TEXTS.cancelled : final
  else if (ext.error) final = final === '' ? BOT_TEXTS.unavailable : `${final}\n\n${BOT_TEXTS.interrupted}`
  const body = { type: 'text' as const, text: final }
  const searchTokens = searchTokensOf(body)
  await deps.messages.append({
    appId, conversationId, senderId: bot.id, kind: 'edit', targetSeq: seq, body, status: 'final',
    ext: { ...ext, citations: ext.error && text === '' ? [] : citations, ...(request.variantId ? { variant: request.variantId } : {}) }, ...(searchTokens ? { searchTokens } : {}), ts: Date.now(),
  })
  if (request.variantId) {
    await deps.variants?.replied({ appId, conversationId, seq, botId: bot.id, userId: request.userId, variantId: request.variantId, handoff: false, ...(usage ? { usage } : {}), latencyMs: Date.now() - placeholder.event.ts })
  }
  // Values are only ever added: the state changed when this turn redacted a new one.
  if (redactor.entries.length !== (state?.entries.length ?? 0)) await deps.store.setRedactionState(appId, bot.id, conversationId, redactor.toJSON())
  if (usage) await deps.quotas.record(bot, request.userId, usage)
}
