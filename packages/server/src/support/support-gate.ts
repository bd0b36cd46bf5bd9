import type { StreamPart } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { EventRecord, NewEvent, Storage } from '../storage/storage.js'
import { asksForPerson } from './handoff-phrases.js'
import { handoffReplyStream, handoffTool, type HandoffReplyRequest } from './handoff-tool.js'
import type { SupportService } from './support-service.js'

/** Statuses in which a person owns the conversation and the bot stays silent. */
const PERSON_OWNED = new Set(['queued', 'assigned', 'snoozed'])

/**
 * Ownership, enforced where messages are stored and where bots decide to answer. Apps without agents
 * pay one cached lookup per message and nothing changes for them.
 *
 * - {@link checkSend} runs before a message is stored: a bot's message into a conversation a person
 *   owns is refused with `conflict`; an agent's message in a conversation they do not hold takes it
 *   over first (`conflict` when a colleague holds it).
 * - {@link beforeBotReply} runs before a bot answers: silent while a person owns it; a customer's
 *   message after the resolution gives it back to the bot; in a direct conversation, a customer asking
 *   for a person (the bot's own phrases when it has them, else the app's) hands off.
 */
export class SupportGate {
  constructor(
    private readonly support: SupportService,
    private readonly storage: Storage,
  ) {}

  private async hasAgents(appId: string): Promise<boolean> {
    return (await this.support.agents(appId)).length > 0
  }

  /** Automatic hand-offs are for a customer's own conversation with a bot, not for groups. */
  private async isDirect(appId: string, conversationId: string): Promise<boolean> {
    return (await this.storage.conversations.get(appId, conversationId))?.kind === 'direct'
  }

  /** The ownership check of every stored message. */
  async checkSend(event: NewEvent): Promise<void> {
    if (event.kind !== 'message') return
    const { appId, conversationId, senderId } = event
    if (!(await this.hasAgents(appId))) return
    const state = await this.storage.support.getState(appId, conversationId)
    if (!state || senderId === state.customerId) return
    if (await this.support.isAgent(appId, senderId)) {
      if (state.status === 'assigned' && state.assigneeId === senderId) return
      await this.support.takeOver(appId, conversationId, senderId)
      return
    }
    if (!PERSON_OWNED.has(state.status)) return
    const sender = await this.storage.users.get(appId, senderId)
    if (sender?.kind === 'bot') throw new WarblerError('conflict', 'A person is handling this conversation, so the bot may not post in it.')
  }

  /** Whether the bots may answer this message (false: a person owns the conversation, or it was just handed off). */
  async beforeBotReply(appId: string, event: EventRecord, botIds: ReadonlySet<string>, handoffPhrases?: readonly string[]): Promise<boolean> {
    if (!(await this.hasAgents(appId))) return true
    const { conversationId, senderId } = event
    const state = await this.storage.support.getState(appId, conversationId)
    if (state && PERSON_OWNED.has(state.status)) {
      if (senderId === state.customerId) await this.support.customerWrote(state)
      return false
    }
    if (botIds.has(senderId) || (await this.support.isAgent(appId, senderId))) return true
    if (state?.status === 'resolved') await this.storage.support.returnToBot(appId, conversationId, this.support.clock.now())
    if (!state) await this.storage.support.ensureState(appId, conversationId, senderId, this.support.clock.now())
    const text = event.body?.type === 'text' ? event.body.text : ''
    if (!(await this.isDirect(appId, conversationId))) return true
    const phrases = handoffPhrases ?? (await this.support.settings(appId)).handoffPhrases
    if (!asksForPerson(text, phrases)) return true
    await this.support.handoff(appId, conversationId, { reason: 'customer_request', summary: `The customer asked for a person: “${text.slice(0, 200)}”` })
    return false
  }

  /** The offline bot found nothing in its knowledge: hand off (when the app has agents). */
  async botFoundNothing(appId: string, conversationId: string, question: string): Promise<void> {
    if (!(await this.hasAgents(appId)) || !(await this.isDirect(appId, conversationId))) return
    await this.support.handoff(appId, conversationId, {
      reason: 'missing_knowledge', summary: `The bot found nothing in its knowledge base for: “${question.slice(0, 300)}”`,
    })
  }

  /**
   * The reply stream of a model-backed bot in an app with agents: the model may call `handoff`
   * (with a reason and a summary for the agent). Undefined when the app has no agents.
   */
  /** The `handoff` tool to offer beside a bot's own tools; undefined when the app has no agents. */
  async handoffTool(appId: string, conversationId: string): Promise<ReturnType<typeof handoffTool> | undefined> {
    if (!(await this.hasAgents(appId))) return undefined
    return handoffTool(async (reason, summary) => {
      await this.support.handoff(appId, conversationId, { reason, ...(summary === '' ? {} : { summary }) })
    })
  }

  async replyStream(request: HandoffReplyRequest): Promise<AsyncIterable<StreamPart> | undefined> {
    if (!(await this.hasAgents(request.appId))) return undefined
    return handoffReplyStream(request, async (reason, summary) => {
      await this.support.handoff(request.appId, request.conversationId, { reason, ...(summary === '' ? {} : { summary }) })
    })
  }

  /** After an agent's message is stored: the first response of the case, once. */
  async messageStored(appId: string, event: EventRecord): Promise<void> {
    if (event.kind !== 'message' || !(await this.hasAgents(appId)) || !(await this.support.isAgent(appId, event.senderId))) return
    await this.storage.support.recordFirstResponse(appId, event.conversationId, event.senderId, event.ts)
  }
}
