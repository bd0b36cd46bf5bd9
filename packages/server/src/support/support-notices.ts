import type { MessageService } from '../domain/message-service.js'
import type { Storage } from '../storage/storage.js'
import type { SupportStateRecord } from '../storage/support-store.js'
import { noticeLanguage, SUPPORT_TEXTS, type NoticeLanguage } from './support-texts.js'

/** How many recent events are read to find the customer's last words (for their language). */
const RECENT_EVENTS = 20

/**
 * What the members of a conversation see of customer service: `system` events in the customer's
 * language (the hand-off, the agent joining, the resolution with its CSAT request). The agent joins
 * the conversation as a member with its whole history, so their SDK sees it like any other.
 */
export class SupportNotices {
  constructor(
    private readonly storage: Storage,
    private readonly messages: MessageService,
  ) {}

  private async language(state: SupportStateRecord): Promise<NoticeLanguage> {
    const { appId, conversationId, customerId } = state
    if (customerId === null) return 'en'
    const customer = await this.storage.users.get(appId, customerId)
    const conversation = await this.storage.conversations.get(appId, conversationId)
    const { events } = await this.storage.events.range(appId, conversationId, { beforeSeq: (conversation?.lastSeq ?? 0) + 1, limit: RECENT_EVENTS })
    const last = events.filter((event) => event.kind === 'message' && event.senderId === customerId && event.body?.type === 'text').at(-1)
    return noticeLanguage(customer?.ext, last?.body?.type === 'text' ? last.body.text : undefined)
  }

  /** Who a notice comes from: the conversation's bot when it has one, else the customer. */
  private async noticeSender(state: SupportStateRecord): Promise<string> {
    const memberIds = await this.storage.conversations.memberIds(state.appId, state.conversationId)
    for (const id of memberIds) if ((await this.storage.users.get(state.appId, id))?.kind === 'bot') return id
    return state.customerId ?? memberIds[0] ?? 'system'
  }

  private async post(state: SupportStateRecord, senderId: string, text: string, data: Record<string, unknown>): Promise<void> {
    await this.messages.append({
      appId: state.appId, conversationId: state.conversationId, senderId, kind: 'system', body: { type: 'text', text }, data: { ...data, text }, ts: Date.now(),
    })
  }

  /** "正在为您转接人工客服…" / "Connecting you to a person…". */
  async handoff(appId: string, state: SupportStateRecord): Promise<void> {
    const language = await this.language(state)
    await this.post(state, await this.noticeSender(state), SUPPORT_TEXTS[language].handoff, { support: 'handoff', reason: state.reason })
  }

  /** Nobody was free: where the customer is in the line (1 = next). */
  async queued(appId: string, state: SupportStateRecord, position: number): Promise<void> {
    const language = await this.language(state)
    await this.post(state, await this.noticeSender(state), SUPPORT_TEXTS[language].queued(position), { support: 'queued', position })
  }

  /** The agent becomes a member (seeing the whole history), then "Lin (agent) joined". */
  async assigned(appId: string, state: SupportStateRecord, agentId: string): Promise<void> {
    await this.storage.conversations.addMembers(appId, state.conversationId, [{ userId: agentId, role: 'member' }], Date.now(), { hideHistory: false })
    const agent = await this.storage.users.get(appId, agentId)
    const name = agent?.name ?? agentId
    const language = await this.language(state)
    await this.post(state, agentId, SUPPORT_TEXTS[language].joined(name), { support: 'assigned', assigneeId: agentId, assigneeName: name })
  }

  /** The resolution, with the CSAT request of this case. */
  async resolved(appId: string, state: SupportStateRecord): Promise<void> {
    const language = await this.language(state)
    await this.post(state, state.assigneeId ?? (await this.noticeSender(state)), SUPPORT_TEXTS[language].resolved, {
      support: 'resolved', csat: { caseId: state.caseId, userId: state.customerId },
    })
  }
}
