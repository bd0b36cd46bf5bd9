import type { ConversationSummary } from '@warbler/sdk'

/** The title of a conversation row: the group name, or the other member of a direct chat. */
export function conversationTitle(row: ConversationSummary, me: string | undefined, nameOf: (id: string) => string): string {
  const conversation = row.conversation
  if (conversation?.name) return conversation.name
  if (row.kind === 'direct') {
    const peer = conversation?.members?.find((member) => member.userId !== me)?.userId
    if (peer) return nameOf(peer)
  }
  return row.id
}
