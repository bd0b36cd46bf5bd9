import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../shared/language-switch.js'
import { Avatar } from '../shared/avatar.js'
import { ConnectionBanner } from './connection-banner.js'
import { ConversationList } from './conversation-list.js'
import { ConversationView } from './conversation-view.js'
import { FilesContext } from './files-context.js'
import { MessageSearch } from './message-search.js'
import { NewChatForm } from './new-chat-form.js'
import { PushToggle } from './push-toggle.js'
import { turnOffBrowserPush } from './browser-push.js'
import type { ChatSession } from './chat-session.js'
import { useChatStore } from './use-chat-store.js'

/** The signed-in chat: conversation list on the left, the open conversation on the right (one at a time on a phone). */
export function ChatShell({ session, onSignOut }: { session: ChatSession; onSignOut: () => void }) {
  const { t } = useTranslation()
  const { store, state } = useChatStore(session)
  // A notification click opens `/?conversation=<id>` (see the push worker).
  const [activeId, setActiveId] = useState<string | undefined>(() => new URLSearchParams(location.search).get('conversation') ?? undefined)
  const me = state.userId ?? session.userId
  // A search result to show: its conversation opens at that message (a new token each time, so the same one can be shown again).
  const [focus, setFocus] = useState<{ conversationId: string; seq: number; token: number } | undefined>()

  // Opened again once connected: a conversation named in the address (a notification click) may be
  // asked for before the connection is up, and that first attempt fails.
  const connected = state.connection.state === 'connected'
  useEffect(() => {
    void store.open(activeId).catch(() => undefined)
  }, [store, activeId, connected])

  const active = state.conversations.find((row) => row.id === activeId)
  return (
    <FilesContext.Provider value={state.fileAccess}>
    <div className={`chat-shell${activeId ? ' has-active' : ''}`}>
      {activeId && (
        <a
          className="skip-link"
          href="#composer"
          onClick={(event) => {
            event.preventDefault()
            document.querySelector<HTMLElement>('[data-testid="composer"]')?.focus()
          }}
        >
          {t('chat.skipToComposer')}
        </a>
      )}
      <aside className="sidebar" aria-label={t('chat.conversations')}>
        <header className="sidebar-header">
          <div className="me">
            {me && <Avatar name={store.nameOf(me)} size={32} />}
            <div>
              <div className="me-name" data-testid="me-name">{me ? store.nameOf(me) : '…'}</div>
              <div className="muted small">{t(`chat.connection.${state.connection.state}`)}</div>
            </div>
          </div>
          <div className="sidebar-actions">
            <LanguageSwitch />
            <PushToggle client={store.client} />
            <button type="button" className="ghost" onClick={() => void turnOffBrowserPush(store.client).finally(onSignOut)}>
              {t('chat.signOut')}
            </button>
          </div>
        </header>
        <NewChatForm onOpen={async (peerId) => setActiveId(await store.openDirect(peerId))} />
        <MessageSearch search={(query) => store.search(query)} rows={state.conversations} me={me} nameOf={(id) => store.nameOf(id)} onOpen={(id, seq) => {
            setFocus({ conversationId: id, seq, token: Date.now() })
            setActiveId(id)
          }} />
        <ConversationList rows={state.conversations} activeId={activeId} me={me} nameOf={(id) => store.nameOf(id)} onSelect={setActiveId} />
      </aside>
      <main className="conversation-pane">
        <ConnectionBanner connection={state.connection} fatal={state.fatal} />
        {activeId ? (
          <ConversationView key={activeId} store={store} state={state} conversationId={activeId} row={active} me={me} focus={focus?.conversationId === activeId ? focus : undefined} onBack={() => setActiveId(undefined)} />
        ) : (
          <div className="empty-pane">
            <p className="muted">{t('chat.pickConversation')}</p>
          </div>
        )}
      </main>
    </div>
    </FilesContext.Provider>
  )
}
