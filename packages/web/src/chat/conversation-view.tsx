import type { ConversationSummary } from '@warbler/sdk'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../shared/avatar.js'
import type { ChatState, ChatStore } from './chat-store.js'
import { Composer } from './composer.js'
import { conversationTitle } from './conversation-title.js'
import { MessageList } from './message-list.js'

/** One open conversation: header, scrollable history, composer. */
export function ConversationView(props: {
  store: ChatStore
  state: ChatState
  conversationId: string
  row: ConversationSummary | undefined
  me: string | undefined
  onBack: () => void
}) {
  const { t } = useTranslation()
  const { store, state, conversationId } = props
  const title = props.row ? conversationTitle(props.row, props.me, (id) => store.nameOf(id)) : conversationId
  const memberCount = props.row?.conversation?.memberCount
  return (
    <section className="conversation" aria-label={title}>
      <header className="conversation-header">
        <button type="button" className="ghost back-button" onClick={props.onBack} aria-label={t('chat.back')}>
          ←
        </button>
        <Avatar name={title} size={32} />
        <div>
          <h1 className="conversation-heading" data-testid="conversation-heading">{title}</h1>
          {props.row?.kind === 'group' && memberCount !== undefined && <div className="muted small">{t('chat.members', { count: memberCount })}</div>}
        </div>
      </header>
      <MessageList
        messages={state.messages[conversationId] ?? []}
        pending={state.pending.filter((entry) => entry.conversationId === conversationId)}
        streaming={state.streaming}
        hasMore={state.hasMore[conversationId]}
        loadingOlder={state.loadingOlder[conversationId] ?? false}
        me={props.me}
        nameOf={(id) => store.nameOf(id)}
        onLoadOlder={() => void store.loadOlder(conversationId)}
        onRetry={(id) => store.retry(id)}
        onDiscard={(id) => store.discard(id)}
      />
      <Composer
        onSend={(text) => store.send(conversationId, { type: 'text', text })}
        {...(state.fileAccess ? { onFiles: (files: File[]) => files.forEach((file) => store.sendFile(conversationId, file)) } : {})}
        disabled={state.fatal !== undefined}
      />
    </section>
  )
}
