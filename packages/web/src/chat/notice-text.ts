import type { Message } from '@warbler/sdk'

const ACTIONS = new Set(['invited', 'joined', 'removed', 'left', 'owner-changed', 'dissolved', 'updated', 'role-changed', 'muted', 'unmuted'])

/**
 * The sentence for a member or system notice: `{ action, userIds }` notices of groups become
 * "Alice added Bob, Carol"; anything else a neutral "Conversation update".
 */
export function noticeText(message: Message, t: (key: string, options?: Record<string, unknown>) => string, nameOf: (id: string) => string): string {
  if (message.body?.type === 'text') return message.body.text
  const data = message.data as { action?: string; userIds?: string[]; name?: string } | undefined
  if (message.kind === 'member' && data?.action && ACTIONS.has(data.action)) {
    return t(`chat.notice.${data.action}`, {
      actor: nameOf(message.senderId),
      users: (data.userIds ?? []).map(nameOf).join(', '),
      name: data.name ?? '',
    })
  }
  return t('chat.message.notice')
}
