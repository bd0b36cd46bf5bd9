import type { Message } from '@warbler/sdk'
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../shared/avatar.js'
import { usePerson } from '../shared/avatar-people.js'
import { BotBadge } from './bot-badge.js'
import { AnswerFeedback } from './answer-feedback.js'
import type { FeedbackReason, GivenFeedback } from './answer-feedback-state.js'
import { formatDateTime, formatTime } from '../shared/format-time.js'
import { Citations, citationsOf } from './citations.js'
import { FileView, ImageView } from './file-view.js'
import { Markdown } from './markdown.js'
import { MessageActions, type MessageActionHandlers } from './message-actions.js'
import { previewOfMessage } from './message-preview.js'
import { noticeText } from './notice-text.js'
import { ToolConfirmCard } from './tool-confirm-card.js'
import { toolConfirmData } from './tool-decision.js'

function BodyView({ message, streamingText }: { message: Message; streamingText: string | undefined }) {
  const { t } = useTranslation()
  const body = message.body
  if (message.recalledAt) return <p className="muted recalled">{t('chat.message.recalled')}</p>
  if (!body) return <p className="muted recalled">{t('chat.preview.other')}</p>
  switch (body.type) {
    case 'text': {
      const text = streamingText ?? body.text
      return text ? <Markdown text={text} /> : <span className="typing-dots" aria-label={t('chat.message.writing')} />
    }
    case 'image':
      return <ImageView body={body} />
    case 'file':
      return <FileView body={body} />
    case 'custom': {
      const confirm = toolConfirmData(body)
      return confirm ? <ToolConfirmCard data={confirm} /> : <p className="muted">{t('chat.preview.other')}</p>
    }
    default:
      return <p className="muted">{t('chat.preview.other')}</p>
  }
}

/** The bot badge beside a sender's name in a group, once the chat knows the sender is a bot. */
function SenderBotBadge({ senderId }: { senderId: string }) {
  return usePerson(senderId)?.isBot ? <BotBadge /> : null
}

/** The quoted original above a reply. */
function Quote({ original, nameOf }: { original: Message | undefined; nameOf: (id: string) => string }) {
  const { t } = useTranslation()
  const name = original ? nameOf(original.senderId) : ''
  return (
    <blockquote className="quote" data-testid="quote" aria-label={original ? t('chat.actions.replyTo', { name }) : t('chat.actions.earlier')}>
      {original && <span className="quote-name small">{name}</span>}
      <span className="quote-text small">{original ? previewOfMessage(original, t, nameOf) : t('chat.actions.earlier')}</span>
    </blockquote>
  )
}

function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (text: string) => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(initial)
  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      if (text.trim()) onSave(text.trim())
    }
  }
  return (
    <form
      className="edit-box"
      onSubmit={(event) => {
        event.preventDefault()
        if (text.trim()) onSave(text.trim())
      }}
    >
      <textarea aria-label={t('chat.actions.editLabel')} title={t('chat.actions.editHint')} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={keyDown} autoFocus rows={2} data-testid="edit-box" />
      <div className="edit-actions">
        <button type="button" className="ghost" onClick={onCancel}>{t('chat.actions.cancel')}</button>
        <button type="submit" className="primary" disabled={!text.trim()}>{t('chat.actions.save')}</button>
      </div>
    </form>
  )
}

/** How long a finger rests on a message before its actions open (ms), and how far it may drift (px). */
const LONG_PRESS_MS = 500
const LONG_PRESS_SLOP_PX = 10

/**
 * One message: sender, quoted original, markdown body (or the streaming text so far), citations,
 * reactions, time, read receipt, 👍/👎 under a bot's answer, and its action menu — opened with the
 * "⋯" button (mouse), a long press (touch), or Enter / the menu key / Shift+F10 on the focused message.
 */
export function MessageBubble(props: {
  message: Message
  mine: boolean
  me: string | undefined
  showSender: boolean
  streamingText: string | undefined
  nameOf: (id: string) => string
  /** The message this one replies to, when loaded. */
  replied: Message | undefined
  /** "Read" / "Read by 2" under the user's message, when it applies. */
  receipt: string | undefined
  editing: boolean
  onSaveEdit: (text: string) => void
  onCancelEdit: () => void
  onToggleReaction: (emoji: string) => void
  actions: MessageActionHandlers
  /** For a bot's answer: the rating given and how to rate it. */
  feedback?: { given: GivenFeedback | undefined; onRate: (input: { rating: 'up' | 'down'; reason?: FeedbackReason; comment?: string }) => Promise<void> } | undefined
}) {
  const { t, i18n } = useTranslation()
  const { message } = props
  const [menuOpen, setMenuOpen] = useState(false)
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | undefined>(undefined)
  const lastPointer = useRef<string | undefined>(undefined)
  if (message.kind !== 'message') {
    return (
      <li className="notice muted small">{noticeText(message, t, props.nameOf)}</li>
    )
  }
  const name = props.nameOf(message.senderId)
  const streaming = message.status === 'streaming'
  const reactions = Object.entries(message.reactions ?? {}).filter(([, users]) => users.length > 0)
  const live = !message.recalledAt && !streaming
  const canAct = live && !props.editing

  function cancelPress() {
    if (press.current) clearTimeout(press.current.timer)
    press.current = undefined
  }

  function pointerDown(event: PointerEvent<HTMLLIElement>) {
    lastPointer.current = event.pointerType
    cancelPress()
    if (event.pointerType !== 'touch' || !canAct || (event.target as HTMLElement).closest('button, a, input, textarea, summary')) return
    press.current = { timer: setTimeout(() => { press.current = undefined; setMenuOpen(true) }, LONG_PRESS_MS), x: event.clientX, y: event.clientY }
  }

  function pointerMove(event: PointerEvent<HTMLLIElement>) {
    const start = press.current
    if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > LONG_PRESS_SLOP_PX) cancelPress()
  }

  function keyDown(event: KeyboardEvent<HTMLLIElement>) {
    // Only on the message itself (the list's current item), not on its buttons or the edit box.
    if (event.target !== event.currentTarget || !canAct) return
    if (event.key === 'Enter' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault()
      setMenuOpen(true)
    }
  }

  return (
    <li
      className={`message${props.mine ? ' mine' : ''}${streaming ? ' streaming' : ''}`}
      data-testid="message"
      data-seq={message.seq}
      onPointerDown={pointerDown}
      onPointerMove={pointerMove}
      onPointerUp={cancelPress}
      onPointerCancel={cancelPress}
      onKeyDown={keyDown}
      // A touch long press opens our menu instead of the browser's (Android fires contextmenu for it).
      onContextMenu={(event) => {
        if (lastPointer.current !== 'touch' || !canAct) return
        event.preventDefault()
        cancelPress()
        setMenuOpen(true)
      }}
    >
      {!props.mine && props.showSender && (
        <div className="sender">
          <Avatar name={name} size={24} userId={message.senderId} />
          <span className="small">{name}</span>
          <SenderBotBadge senderId={message.senderId} />
        </div>
      )}
      <div className="bubble-row">
        {props.editing && message.body?.type === 'text' ? (
          <EditBox initial={message.body.text} onSave={props.onSaveEdit} onCancel={props.onCancelEdit} />
        ) : (
          <div className="bubble" aria-busy={streaming}>
            {message.replyToSeq !== undefined && !message.recalledAt && <Quote original={props.replied} nameOf={props.nameOf} />}
            <BodyView message={message} streamingText={props.streamingText} />
            <Citations citations={citationsOf(message.ext)} />
          </div>
        )}
        {canAct && <MessageActions mine={props.mine} open={menuOpen} onOpenChange={setMenuOpen} {...props.actions} />}
      </div>
      {reactions.length > 0 && !message.recalledAt && (
        <div className="reactions">
          {reactions.map(([emoji, users]) => {
            const pressed = props.me !== undefined && users.includes(props.me)
            return (
              <button
                key={emoji}
                type="button"
                className={`reaction${pressed ? ' own' : ''}`}
                aria-pressed={pressed}
                aria-label={t('chat.actions.reaction', { emoji, names: users.map(props.nameOf).join(', ') })}
                title={users.map(props.nameOf).join(', ')}
                onClick={() => props.onToggleReaction(emoji)}
                data-testid="reaction"
              >
                {emoji} <span className="reaction-count">{users.length}</span>
              </button>
            )
          })}
        </div>
      )}
      {props.feedback && live && <AnswerFeedback given={props.feedback.given} onRate={props.feedback.onRate} />}
      <div className="message-meta">
        {message.editedAt && !message.recalledAt && <span className="muted small" data-testid="edited">{t('chat.message.edited')}</span>}
        {streaming && <span className="muted small">{t('chat.message.writing')}</span>}
        <time className="muted small" dateTime={new Date(message.ts).toISOString()} title={formatDateTime(message.ts, i18n.language)}>
          {formatTime(message.ts, i18n.language)}
        </time>
        {props.receipt && <span className="muted small receipt" data-testid="read-receipt">· {props.receipt}</span>}
      </div>
    </li>
  )
}
