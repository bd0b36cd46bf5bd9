import { randomBytes } from 'node:crypto'
import { createRedactingModel, Redactor, type ChatMessage, type LanguageModel, type ModelTool, type ModelToolCall, type StreamPart } from '@warbler/ai'
import { buildHttpRequest, runToolLoop } from '@warbler/ai/tools'
import { WarblerError } from '@warbler/protocol'
import type { MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord } from '../storage/bot-store.js'
import type { ToolCallRecord, ToolRecord, ToolStore } from '../storage/tool-store.js'
import { argumentsHash } from './arguments-hash.js'
import type { ToolRunner } from './tool-runner.js'
import { TOOL_TEXTS } from './tool-texts.js'
import { toToolCallView, type ToolCallView } from './tool-views.js'

/** How long a write call waits for the user's yes by default (10 minutes). */
export const DEFAULT_APPROVAL_TTL_MS = 10 * 60_000

/** A tool the server itself adds to a reply (customer service's `handoff`), run in-process. */
export interface BuiltInTool {
  tool: ModelTool
  /** Runs the call; the text is what the model reads back. */
  execute(call: ModelToolCall): Promise<string>
}

/** One reply of a model-backed bot that has tools. */
export interface ToolReplyRequest {
  bot: BotRecord
  appId: string
  conversationId: string
  /** The chatting user: the identity's `sub`, the one who may approve. */
  userId: string
  model: LanguageModel
  messages: ChatMessage[]
  abortSignal?: AbortSignal
  temperature?: number
  maxOutputTokens?: number
  /** Tools of the server offered beside the bot's own (the hand-off to a person); their names win. */
  builtIn?: readonly BuiltInTool[]
}

/** A user's answer to a `tool.confirm` card. */
export interface ToolDecision {
  userId: string
  approve: boolean
  arguments?: Record<string, unknown>
  argumentsHash?: string
}

const newCallId = () => `tc_${randomBytes(12).toString('base64url')}`

/** A one-line description of what a call will do, for the confirmation card. */
function summarize(tool: ToolRecord, args: Record<string, unknown>): string {
  if (tool.http) {
    try {
      const request = buildHttpRequest(tool.http, args)
      return `${tool.name}: ${request.method} ${request.url}`
    } catch {
      return `${tool.name}: ${tool.http.method} ${tool.http.url}`
    }
  }
  return `${tool.name} (MCP ${tool.mcpToolName ?? tool.name})`
}

/**
 * Tools in a bot's replies: the model gets the bot's tools, `read` calls run at once, `write`
 * calls are recorded as pending and shown to the user as a `tool.confirm` message, and run only
 * when that user approves the exact arguments before the approval expires. Every call is
 * audited, whatever happens to it.
 */
export class BotTools {
  constructor(
    private readonly deps: {
      store: ToolStore
      runner: ToolRunner
      messages: MessageService
      /** The bot's model, for the answer after an approved call (none: a plain text). */
      modelOf: (bot: BotRecord) => LanguageModel | undefined
      botOf: (appId: string, botId: string) => Promise<BotRecord | undefined>
      logger: Logger
      now: () => number
      approvalTtlMs?: number
    },
  ) {}

  /** The bot's tools, as the model sees them (names made unique). */
  async toolsOf(bot: BotRecord): Promise<{ modelTools: ModelTool[]; byName: Map<string, ToolRecord> }> {
    const ids = bot.config.toolIds ?? []
    const tools = ids.length === 0 ? [] : await this.deps.store.getTools(bot.appId, ids)
    const byName = new Map<string, ToolRecord>()
    for (const tool of tools) {
      let name = tool.name
      for (let suffix = 2; byName.has(name); suffix++) name = `${tool.name.slice(0, 60)}_${suffix}`
      byName.set(name, tool)
    }
    return { modelTools: [...byName].map(([name, tool]) => ({ name, description: tool.description, parameters: tool.parameters })), byName }
  }

  /**
   * The reply stream of a bot with tools (text deltas and one `finish`), to use in place of
   * `model.doStream`; undefined when the bot has no tools.
   */
  async replyStream(request: ToolReplyRequest): Promise<AsyncIterable<StreamPart> | undefined> {
    const { modelTools, byName } = await this.toolsOf(request.bot)
    if (modelTools.length === 0) return undefined
    const builtIn = new Map((request.builtIn ?? []).map((entry) => [entry.tool.name, entry]))
    return runToolLoop({
      model: request.model,
      messages: request.messages,
      tools: [...modelTools.filter((tool) => !builtIn.has(tool.name)), ...[...builtIn.values()].map((entry) => entry.tool)],
      execute: (call) => builtIn.get(call.toolName)?.execute(call) ?? this.execute(request, byName, call, builtIn.size > 0),
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    })
  }

  private async execute(request: ToolReplyRequest, byName: Map<string, ToolRecord>, call: ModelToolCall, canHandOff = false): Promise<string> {
    const tool = byName.get(call.toolName)
    if (!tool) return `There is no tool named ${call.toolName}.`
    let args: Record<string, unknown>
    try {
      const parsed: unknown = call.input.trim() === '' ? {} : JSON.parse(call.input)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
      args = parsed as Record<string, unknown>
    } catch {
      return `The arguments for ${tool.name} were not a JSON object; call it again with valid arguments.`
    }
    const now = this.deps.now()
    const record: ToolCallRecord = {
      appId: request.appId,
      id: newCallId(),
      toolId: tool.id,
      toolName: tool.name,
      botId: request.bot.id,
      userId: request.userId,
      conversationId: request.conversationId,
      risk: tool.risk,
      arguments: args,
      argumentsHash: argumentsHash(args),
      status: tool.risk === 'write' ? 'pending' : 'running',
      approval: tool.risk === 'write' ? 'pending' : 'not_required',
      httpStatus: null,
      latencyMs: null,
      error: null,
      confirmSeq: null,
      expiresAt: tool.risk === 'write' ? now + (this.deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS) : null,
      decidedAt: null,
      createdAt: now,
      updatedAt: now,
    }
    await this.deps.store.createCall(record)
    if (tool.risk === 'read') {
      const result = await this.deps.runner.run(record, tool, request.abortSignal)
      // A failed lookup the user needs is a reason for a person when one can take over.
      return canHandOff && result.call.status !== 'succeeded' ? `${result.text}\n\n${TOOL_TEXTS.failedCanHandOff}` : result.text
    }
    const confirm = await this.deps.messages.append({
      appId: request.appId,
      conversationId: request.conversationId,
      senderId: request.bot.id,
      kind: 'message',
      body: { type: 'custom', customType: 'tool.confirm', data: { toolCallId: record.id, tool: tool.name, arguments: args, summary: summarize(tool, args), expiresAt: record.expiresAt } },
      status: 'final',
      clientMsgId: `tool-confirm:${record.id}`,
      ts: now,
    })
    await this.deps.store.updateCall(request.appId, record.id, { confirmSeq: confirm.event.seq, updatedAt: now })
    return TOOL_TEXTS.awaitingApproval
  }

  /**
   * The user's answer to a confirmation. Only the user the card was shown to may answer, once,
   * before it expires; when the answer names arguments they must be the ones shown. An approved
   * call runs before this resolves; the bot then tells the user how it went (in the background).
   */
  async decide(appId: string, callId: string, decision: ToolDecision): Promise<ToolCallView> {
    const { store, now } = this.deps
    const call = await store.getCall(appId, callId)
    if (!call) throw new WarblerError('not_found', `No tool call ${callId}.`)
    if (call.userId !== decision.userId) throw new WarblerError('forbidden', 'Only the user who was asked may answer this confirmation.')
    if (call.approval === 'expired') throw new WarblerError('conflict', 'This confirmation has expired; ask the bot again.')
    if (call.approval !== 'pending') throw new WarblerError('conflict', `This call was ${call.approval} already.`)
    const shown = decision.argumentsHash ?? (decision.arguments !== undefined ? argumentsHash(decision.arguments) : undefined)
    if (shown !== undefined && shown !== call.argumentsHash) {
      this.deps.logger.warn({ appId, toolCallId: callId }, 'tool approval refused: the arguments differ from the ones awaiting approval')
      throw new WarblerError('conflict', 'These arguments are not the ones awaiting approval; nothing was run.')
    }
    if (call.expiresAt !== null && now() > call.expiresAt) {
      const expired = await store.decideCall(appId, callId, { approval: 'expired', status: 'expired', decidedAt: now() })
      if (expired) await store.updateCall(appId, callId, { error: 'The approval expired before the user answered.', updatedAt: now() })
      throw new WarblerError('conflict', 'This confirmation has expired; ask the bot again.')
    }
    const settled = await store.decideCall(appId, callId, decision.approve ? { approval: 'approved', status: 'running', decidedAt: now() } : { approval: 'declined', status: 'declined', decidedAt: now() })
    if (!settled) throw new WarblerError('conflict', 'This call was answered already.')
    const tool = await store.getTool(appId, call.toolId)
    if (!decision.approve || !tool || argumentsHash(settled.arguments) !== settled.argumentsHash) {
      if (decision.approve) {
        const reason = tool ? 'The stored arguments no longer match their approval.' : 'The tool was removed.'
        const refused = await store.updateCall(appId, callId, { status: 'refused', error: reason, updatedAt: now() })
        await this.say(settled, TOOL_TEXTS.failed(call.toolName))
        return toToolCallView(refused ?? settled)
      }
      await this.say(settled, TOOL_TEXTS.declined(call.toolName))
      return toToolCallView(settled)
    }
    const result = await this.deps.runner.run(settled, tool)
    // The answer says how the call went at once; the bot's wording of it follows in the conversation.
    this.followUp(result.call, result.text).catch((error: unknown) => this.deps.logger.warn({ err: error, appId, toolCallId: callId }, 'posting the outcome of a tool call failed'))
    return toToolCallView(result.call)
  }

  /** The bot's answer after an approved call: worded by its model when it has one. */
  private async followUp(call: ToolCallRecord, resultText: string): Promise<void> {
    const bot = await this.deps.botOf(call.appId, call.botId)
    const model = bot && this.deps.modelOf(bot)
    const fallback = call.status === 'succeeded' ? TOOL_TEXTS.done(call.toolName) : TOOL_TEXTS.failed(call.toolName)
    if (!bot || !model) return this.say(call, fallback)
    try {
      const redacting = createRedactingModel(model, new Redactor({ enabled: bot.config.redactPii }))
      const result = await redacting.doGenerate({
        messages: [
          { role: 'system', content: bot.config.systemPrompt },
          {
            role: 'user',
            content: `The user approved the action ${call.toolName} with ${JSON.stringify(call.arguments)}. Its result:\n${resultText.slice(0, 20_000)}\n\nTell the user the outcome in one or two sentences, in their language.`,
          },
        ],
        ...(bot.config.maxOutputTokens !== undefined ? { maxOutputTokens: bot.config.maxOutputTokens } : {}),
      })
      await this.say(call, result.text.trim() === '' ? fallback : result.text)
    } catch (error) {
      this.deps.logger.warn({ err: error, appId: call.appId, toolCallId: call.id }, 'the answer after an approved tool call failed; posting a plain one')
      await this.say(call, fallback)
    }
  }

  private async say(call: ToolCallRecord, text: string): Promise<void> {
    await this.deps.messages.append({
      appId: call.appId,
      conversationId: call.conversationId,
      senderId: call.botId,
      kind: 'message',
      body: { type: 'text', text },
      status: 'final',
      clientMsgId: `tool-outcome:${call.id}`,
      ext: { toolCallId: call.id },
      ts: this.deps.now(),
    })
  }

  /** The audit records, newest first; a confirmation past its expiry is settled as `expired` on the way. */
  async listCalls(appId: string, filter: { conversationId?: string; toolId?: string; limit: number }): Promise<ToolCallView[]> {
    const now = this.deps.now()
    const calls = await this.deps.store.listCalls(appId, filter)
    return Promise.all(
      calls.map(async (call) => {
        if (call.approval !== 'pending' || call.expiresAt === null || now <= call.expiresAt) return toToolCallView(call)
        await this.deps.store.decideCall(appId, call.id, { approval: 'expired', status: 'expired', decidedAt: now })
        const settled = await this.deps.store.updateCall(appId, call.id, { error: 'The approval expired before the user answered.', updatedAt: now })
        return toToolCallView(settled ?? call)
      }),
    )
  }
}
