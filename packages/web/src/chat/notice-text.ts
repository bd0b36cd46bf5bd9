import type { Message } from '@warbler/sdk'

const ACTIONS = new Set(['invited', 'joined', 'removed', 'left', 'owner-changed', 'dissolved', 'updated', 'role-changed', 'muted', 'unmuted'])
/** The customer-service notices (docs/support.md "What members see") the chat app words itself. */
const SUPPORT_NOTICES = new Set(['handoff', 'queued', 'assigned', 'resolved'])

/**
 * The sentence for a member or system notice: a customer-service notice (`data.support`) in the
 * reader's language ("Connecting you to a person…" / "正在为您转接人工客服…", "Lin (agent) joined"
 * / "客服 Lin 已加入"); `{ action, userIds }` notices of groups become "Alice added Bob, Carol";
 * another notice with text shows its text; anything else a neutral "Conversation update".
 */
export function noticeText(message: Message, t: (key: string, options?: Record<string, unknown>) => string, nameOf: (id: string) => string): string {
  const data = message.data as { action?: string; userIds?: string[]; name?: string; support?: string; position?: number; assigneeId?: string; assigneeName?: string } | undefined
  if (message.kind === 'system' && data?.support && SUPPORT_NOTICES.has(data.support)) {
    const agent = data.assigneeName ?? (data.assigneeId ? nameOf(data.assigneeId) : nameOf(message.senderId))
    if (data.support !== 'queued' || typeof data.position === 'number') return t(`chat.notice.support.${data.support}`, { name: agent, position: data.position })
  }
  if (message.body?.type === 'text') return message.body.text
  if (message.kind === 'member' && data?.action && ACTIONS.has(data.action)) {
    return t(`chat.notice.${data.action}`, {
      actor: nameOf(message.senderId),
      users: (data.userIds ?? []).map(nameOf).join(', '),
      name: data.name ?? '',
    })
  }
  return t('chat.message.notice')
}
