import type { ConversationSummary, Message } from '@warbler/sdk'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../shared/avatar.js'
import { formatDateTime } from '../shared/format-time.js'
import type { ChatState, ChatStore } from './chat-store.js'
import { isBotAnswer, type GivenFeedback } from './answer-feedback-state.js'
import { useGivenFeedback } from './use-given-feedback.js'
import { usePresence, useTyping } from '@warbler/react'
import { useChatFeed } from './use-chat-store.js'
import { Composer } from './composer.js'
import { conversationTitle } from './conversation-title.js'
import { previewOfMessage } from './message-preview.js'
import { MessageList } from './message-list.js'
import { errorText } from '../shared/error-text.js'
import { usePeopleBook, usePerson } from '../shared/avatar-people.js'
import { BotBadge } from './bot-badge.js'
import { useVisibleHeight } from './use-visible-height.js'

const noSubscription = () => () => undefined
const noVersion = () => 0

/** The line under the title: who is typing, else the peer's presence, else the member count. */
function HeaderStatus(props: { state: ChatState; conversationId: string; row: ConversationSummary | undefined; peer: string | undefined; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation()
  const { typing } = useTyping(props.conversationId)
  const presence = usePresence(props.peer)
  const peerIsBot = usePerson(props.peer)?.isBot === true
  if (typing.length > 0) {
    return <div className="small typing-status" data-testid="typing-indicator" aria-live="polite">{t('chat.typing', { count: typing.length, names: typing.map(props.nameOf).join(', ') })}</div>
  }
  if (props.peer) {
    // A bot is never "Offline": the badge beside its name says what it is.
    if (!presence || peerIsBot) return <div className="muted small" aria-live="polite">&nbsp;</div>
    return (
      <div className="muted small presence" data-testid="presence" aria-live="polite">
        <span className={`presence-dot${presence.online ? ' online' : ''}`} aria-hidden="true" />
        {presence.online
          ? t('chat.presence.online')
          : presence.lastSeenAt
            ? t('chat.presence.lastSeen', { time: formatDateTime(presence.lastSeenAt, i18n.language) })
            : t('chat.presence.offline')}
      </div>
    )
  }
  const memberCount = props.row?.conversation?.memberCount
  if (props.row?.kind === 'group' && memberCount !== undefined) return <div className="muted small">{t('chat.members', { count: memberCount })}</div>
  return null
}

function PeerBotBadge({ peer }: { peer: string | undefined }) {
  return usePerson(peer)?.isBot ? <BotBadge /> : null
}

/** One open conversation: header (typing, presence), scrollable history with message actions, composer with reply. */
export function ConversationView(props: {
  store: ChatStore
  state: ChatState
  conversationId: string
  row: ConversationSummary | undefined
  me: string | undefined
  /** A search result to show: the list scrolls to this message and marks it. */
  focus?: { seq: number; token: number } | undefined
  onBack: () => void
}) {
  const { t } = useTranslation()
  const { store, state, conversationId } = props
  const nameOf = (id: string) => store.nameOf(id)
  const title = props.row ? conversationTitle(props.row, props.me, nameOf) : conversationId
  const peer = props.row?.kind === 'direct' ? props.row.conversation?.members?.find((member) => member.userId !== props.me)?.userId : undefined
  const [replyTo, setReplyTo] = useState<Message | undefined>()
  const [editingSeq, setEditingSeq] = useState<number | undefined>()
  const [error, setError] = useState<string | undefined>()
  const feed = useChatFeed(state, conversationId)
  useVisibleHeight()
  // Where the unread messages started when the conversation opened (the divider stays there while it is open).
  const unreadFrom = useRef<number | null | undefined>(undefined)
  if (unreadFrom.current === undefined && props.row) {
    const row = props.row
    unreadFrom.current = row.unreadCount > 0 ? (row.unreadSeqs.length > 0 ? Math.min(...row.unreadSeqs) : row.readSeq + 1) : null
  }
  const feedback = useGivenFeedback(store.client, props.me, conversationId, state.connection.state === 'connected')
  // Who is a bot comes from the people directory; re-render when a profile arrives.
  const people = usePeopleBook()
  useSyncExternalStore(people?.subscribe ?? noSubscription, people?.version ?? noVersion)
  const isBot = (userId: string) => people?.get(userId)?.isBot === true
  // Members to @mention in a group: everyone but the user, by name.
  const mentionable = props.row?.kind === 'group'
    ? (props.row.conversation?.members ?? []).filter((member) => member.userId !== props.me).map((member) => ({ id: member.userId, name: nameOf(member.userId) }))
    : undefined

  function feedbackFor(message: Message) {
    const me = props.me
    if (!me || message.senderId === me || !isBotAnswer(message, isBot)) return undefined
    return {
      given: feedback.given[`${message.conversationId}:${message.seq}`],
      onRate: (input: { rating: 'up' | 'down'; reason?: GivenFeedback['reason']; comment?: string }) => feedback.rate(message, input),
    }
  }

  function attempt(action: Promise<void>) {
    setError(undefined)
    action.catch((failure: unknown) => setError(t('chat.actions.failed', { reason: errorText(t, failure) })))
  }

  const replyBanner = replyTo && (
    <div className="reply-banner" data-testid="reply-banner">
      <div className="reply-banner-text">
        <span className="small quote-name">{t('chat.actions.replyingTo', { name: nameOf(replyTo.senderId) })}</span>
        <span className="small muted quote-text">{previewOfMessage(replyTo, t, nameOf)}</span>
      </div>
      <button type="button" className="ghost" aria-label={t('chat.actions.cancelReply')} title={t('chat.actions.cancelReply')} onClick={() => setReplyTo(undefined)}>
        ×
      </button>
    </div>
  )

  const sendFiles = state.fileAccess && state.fatal === undefined ? (files: File[]) => files.forEach((file) => store.sendFile(conversationId, file)) : undefined
  const [dropping, setDropping] = useState(false)

  return (
    <section
      className={`conversation${dropping ? ' dropping' : ''}`}
      aria-label={title}
      // Images and files pasted into the composer or dropped anywhere on the conversation are sent
      // like picked ones (in their order); pasted text stays the composer's.
      onPaste={(event) => {
        const files = [...event.clipboardData.files]
        if (!sendFiles || files.length === 0) return
        event.preventDefault()
        sendFiles(files)
      }}
      onDragOver={(event) => {
        if (!sendFiles || !event.dataTransfer.types.includes('Files')) return
        event.preventDefault()
        setDropping(true)
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false)
      }}
      onDrop={(event) => {
        setDropping(false)
        const files = [...event.dataTransfer.files]
        if (!sendFiles || files.length === 0) return
        event.preventDefault()
        sendFiles(files)
      }}
      data-testid="conversation"
    >
      <header className="conversation-header">
        <button type="button" className="ghost back-button" onClick={props.onBack} aria-label={t('chat.back')}>
          ←
        </button>
        <Avatar name={title} size={32} userId={peer} />
        <div>
          <div className="heading-line">
            <h1 className="conversation-heading" data-testid="conversation-heading">{title}</h1>
            <PeerBotBadge peer={peer} />
          </div>
          <HeaderStatus state={state} conversationId={conversationId} row={props.row} peer={peer} nameOf={nameOf} />
        </div>
      </header>
      {error && (
        <p className="action-error small" role="alert">
          {error}
          <button type="button" className="ghost" aria-label={t('common.close')} onClick={() => setError(undefined)}>×</button>
        </p>
      )}
      <MessageList
        messages={feed.messages}
        pending={feed.pending}
        offline={state.connection.state !== 'connected'}
        focus={props.focus}
        streaming={feed.streaming}
        hasMore={feed.hasMore}
        loadingOlder={feed.loadingOlder}
        me={props.me}
        nameOf={nameOf}
        onLoadOlder={() => void store.loadOlder(conversationId)}
        onRetry={(id) => store.retry(id)}
        onDiscard={(id) => store.discard(id)}
        reads={state.reads[conversationId] ?? {}}
        kind={props.row?.kind}
        memberCount={props.row?.conversation?.memberCount}
        editingSeq={editingSeq}
        onReply={setReplyTo}
        onEdit={setEditingSeq}
        onSaveEdit={(seq, text) => {
          setEditingSeq(undefined)
          attempt(store.edit(conversationId, seq, text))
        }}
        onRecall={(seq) => attempt(store.recall(conversationId, seq))}
        onDelete={(seq) => attempt(store.deleteForMe(conversationId, seq))}
        onReact={(seq, emoji) => attempt(store.toggleReaction(conversationId, seq, emoji))}
        unreadFrom={unreadFrom.current ?? undefined}
        feedbackFor={feedbackFor}
      />
      <Composer
        onSend={(text, mentions) => {
          store.send(conversationId, { type: 'text', text, ...(mentions.length > 0 ? { mentions } : {}) }, replyTo ? { replyToSeq: replyTo.seq } : {})
          setReplyTo(undefined)
        }}
        onTyping={(typing) => (typing ? store.typing(conversationId) : store.stopTyping(conversationId))}
        above={replyBanner}
        focusKey={replyTo?.seq}
        {...(mentionable ? { members: mentionable } : {})}
        {...(state.fileAccess ? { onFiles: (files: File[]) => files.forEach((file) => store.sendFile(conversationId, file)) } : {})}
        disabled={state.fatal !== undefined}
      />
    </section>
  )
}
