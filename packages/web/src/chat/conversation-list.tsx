import type { ConversationSummary } from '@warbler/sdk'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../shared/avatar.js'
import { conversationTitle } from './conversation-title.js'
import { formatTime } from '../shared/format-time.js'
import { previewOfMessage } from './message-preview.js'
import { BotBadge } from './bot-badge.js'
import { usePerson } from '../shared/avatar-people.js'

/** The other member of a direct conversation. */
export function peerOf(row: ConversationSummary, me: string | undefined): string | undefined {
  return row.kind === 'direct' ? row.conversation?.members?.find((member) => member.userId !== me)?.userId : undefined
}

function PeerBotBadge({ peer }: { peer: string | undefined }) {
  return usePerson(peer)?.isBot ? <BotBadge /> : null
}

/** The conversation list: newest first, with unread badges and the last message. */
export function ConversationList(props: {
  rows: ConversationSummary[]
  activeId: string | undefined
  me: string | undefined
  nameOf: (id: string) => string
  onSelect: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  if (props.rows.length === 0) return <p className="muted empty-list">{t('chat.noConversations')}</p>
  return (
    <nav aria-label={t('chat.conversations')}>
      <ul className="conversation-list">
        {props.rows.map((row) => {
          const title = conversationTitle(row, props.me, props.nameOf)
          const last = row.lastMessage
          const peer = peerOf(row, props.me)
          return (
            <li key={row.id}>
              <button
                type="button"
                className={`conversation-row${row.id === props.activeId ? ' active' : ''}`}
                aria-current={row.id === props.activeId ? 'true' : undefined}
                onClick={() => props.onSelect(row.id)}
                data-testid="conversation-row"
              >
                <Avatar name={title} userId={peer} />
                <span className="conversation-text">
                  <span className="conversation-top">
                    <span className="conversation-name">
                      <strong className="conversation-title">{title}</strong>
                      <PeerBotBadge peer={peer} />
                    </span>
                    {last && <time className="muted small">{formatTime(last.ts, i18n.language)}</time>}
                  </span>
                  <span className="conversation-bottom">
                    <span className="preview muted">
                      {last ? `${last.senderId === props.me && last.kind === 'message' ? `${t('chat.you')}: ` : ''}${previewOfMessage(last, t, props.nameOf)}` : t('chat.noMessages')}
                    </span>
                    {row.unreadCount > 0 && (
                      <span className="badge" aria-label={t('chat.unread', { count: row.unreadCount })} data-testid="unread-badge">
                        {row.unreadCount > 99 ? '99+' : row.unreadCount}
                      </span>
                    )}
                  </span>
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
