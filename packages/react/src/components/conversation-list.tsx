import type { ConversationSummary } from '@warbler/sdk'
import type { ReactNode } from 'react'
import { useConversations } from '../use-conversations.js'

/** Props of {@link ConversationList}. */
export interface ConversationListProps {
  /** The list's accessible name, e.g. "Conversations" (in the user's language). */
  label: string
  /** The open conversation (marked `aria-current`). */
  activeId?: string | undefined
  /** Called with a row's id when the user picks it. */
  onSelect: (conversationId: string) => void
  /** What a row shows (default: the conversation's name or id, and the unread count). */
  renderItem?: (row: ConversationSummary, active: boolean) => ReactNode
  /** Rows to show instead of `useConversations()` (filtered, say). */
  conversations?: ConversationSummary[]
  /** Words for the default row's unread count, e.g. `(n) => `${n} unread``. */
  unreadLabel?: (count: number) => string
  className?: string
}

/**
 * The conversation list as buttons in a list, unstyled: each row is a button (keyboard and
 * screen readers work as for any button), the open one has `aria-current="true"`.
 *
 * @example
 * ```tsx
 * <ConversationList label="Conversations" activeId={openId} onSelect={setOpenId} />
 * ```
 */
export function ConversationList(props: ConversationListProps) {
  const live = useConversations()
  const rows = props.conversations ?? live
  const unreadLabel = props.unreadLabel ?? ((count: number) => `${count} unread`)
  return (
    <nav aria-label={props.label} className={props.className}>
      <ul>
        {rows.map((row) => {
          const active = row.id === props.activeId
          return (
            <li key={row.id}>
              <button type="button" aria-current={active ? 'true' : undefined} data-conversation-id={row.id} onClick={() => props.onSelect(row.id)}>
                {props.renderItem ? (
                  props.renderItem(row, active)
                ) : (
                  <>
                    <span>{row.conversation?.name ?? row.id}</span>
                    {row.unreadCount > 0 && <span> {unreadLabel(row.unreadCount)}</span>}
                  </>
                )}
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
