import type { Message } from '@warbler/sdk'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../shared/avatar.js'
import { formatDateTime, formatTime } from '../shared/format-time.js'
import { Citations, citationsOf } from './citations.js'
import { FileView, ImageView } from './file-view.js'
import { Markdown } from './markdown.js'
import { noticeText } from './notice-text.js'

function BodyView({ message, streamingText }: { message: Message; streamingText: string | undefined }) {
  const { t } = useTranslation()
  const body = message.body
  if (message.recalledAt || !body) return <p className="muted recalled">{t('chat.message.recalled')}</p>
  switch (body.type) {
    case 'text': {
      const text = streamingText ?? body.text
      return text ? <Markdown text={text} /> : <span className="typing-dots" aria-label={t('chat.message.writing')} />
    }
    case 'image':
      return <ImageView body={body} />
    case 'file':
      return <FileView body={body} />
    default:
      return <p className="muted">{t('chat.preview.other')}</p>
  }
}

/** One message: sender, markdown body (or the streaming text so far), citations, reactions, time. */
export function MessageBubble(props: { message: Message; mine: boolean; showSender: boolean; streamingText: string | undefined; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation()
  const { message } = props
  if (message.kind !== 'message') {
    return (
      <li className="notice muted small">{noticeText(message, t, props.nameOf)}</li>
    )
  }
  const name = props.nameOf(message.senderId)
  const streaming = message.status === 'streaming'
  const reactions = Object.entries(message.reactions ?? {}).filter(([, users]) => users.length > 0)
  return (
    <li className={`message${props.mine ? ' mine' : ''}${streaming ? ' streaming' : ''}`} data-testid="message" data-seq={message.seq}>
      {!props.mine && props.showSender && (
        <div className="sender">
          <Avatar name={name} size={24} />
          <span className="small">{name}</span>
        </div>
      )}
      <div className="bubble" aria-busy={streaming}>
        <BodyView message={message} streamingText={props.streamingText} />
        <Citations citations={citationsOf(message.ext)} />
      </div>
      <div className="message-meta">
        {reactions.map(([emoji, users]) => (
          <span key={emoji} className="reaction" title={users.join(', ')}>
            {emoji} {users.length}
          </span>
        ))}
        {message.editedAt && !message.recalledAt && <span className="muted small">{t('chat.message.edited')}</span>}
        {streaming && <span className="muted small">{t('chat.message.writing')}</span>}
        <time className="muted small" dateTime={new Date(message.ts).toISOString()} title={formatDateTime(message.ts, i18n.language)}>
          {formatTime(message.ts, i18n.language)}
        </time>
      </div>
    </li>
  )
}
