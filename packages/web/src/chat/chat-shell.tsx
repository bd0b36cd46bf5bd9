import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../shared/language-switch.js'
import { Avatar } from '../shared/avatar.js'
import { ConnectionBanner } from './connection-banner.js'
import { ConversationList } from './conversation-list.js'
import { ConversationView } from './conversation-view.js'
import { FilesContext } from './files-context.js'
import { MessageSearch } from './message-search.js'
import { NewChatForm } from './new-chat-form.js'
import { turnOffBrowserPush } from './browser-push.js'
import type { ChatSession } from './chat-session.js'
import { useChatStore, useLoadedMessages } from './use-chat-store.js'
import { WarblerProvider } from '@warbler/react'
import { PeopleBook } from './people/people-book.js'
import { fetchPeople } from './people/people-api.js'
import { PeopleContext } from '../shared/avatar-people.js'
import { NewGroupForm } from './people/new-group-form.js'
import './people/people.css'
import { NotifySettingsPanel } from './notify/notify-settings-panel.js'
import { loadNotifySettings, saveNotifySettings } from './notify/notify-settings.js'
import { useMessageNotifications } from './notify/use-message-notifications.js'
import { useUnreadTitle } from './notify/tab-title.js'
import { conversationTitle } from './conversation-title.js'

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

  // Profiles (names, avatars, bots) of the people the user meets, from the people directory.
  const access = state.fileAccess
  const people = useMemo(() => (access ? new PeopleBook((ids) => fetchPeople(access, { ids })) : undefined), [access?.appId, access?.token])
  useEffect(() => people?.subscribe(() => store.rememberNames(people.names())), [people, store])
  const loaded = useLoadedMessages(store, activeId)
  useEffect(() => {
    if (!people) return
    const ids = new Set<string>(me ? [me] : [])
    for (const row of state.conversations) {
      for (const member of row.conversation?.members ?? []) ids.add(member.userId)
      if (row.lastMessage) ids.add(row.lastMessage.senderId)
    }
    for (const message of loaded) ids.add(message.senderId)
    void people.want(ids)
  }, [people, me, state.conversations, loaded])
  const [creatingGroup, setCreatingGroup] = useState(false)

  // Opt-in notifications while the tab is open, and the unread count in the tab title.
  const [notify, setNotify] = useState(loadNotifySettings)
  useUnreadTitle(state.conversations.reduce((sum, row) => sum + (row.muted ? 0 : row.unreadCount), 0), notify.titleCount)
  useMessageNotifications(store.client, notify, {
    me,
    activeId,
    muted: new Set(state.conversations.filter((row) => row.muted).map((row) => row.id)),
    nameOf: (id) => store.nameOf(id),
    groupNameOf: (id) => {
      const row = state.conversations.find((entry) => entry.id === id)
      return row && row.kind !== 'direct' ? conversationTitle(row, me, (userId) => store.nameOf(userId)) : undefined
    },
    onOpen: setActiveId,
  })

  const active = state.conversations.find((row) => row.id === activeId)
  return (
    <WarblerProvider client={store.client} connect={false}>
    <FilesContext.Provider value={state.fileAccess}>
    <PeopleContext.Provider value={people}>
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
            {me && <Avatar name={store.nameOf(me)} size={32} userId={me} />}
            <div>
              <div className="me-name" data-testid="me-name">{me ? store.nameOf(me) : '…'}</div>
              <div className="muted small">{t(`chat.connection.${state.connection.state}`)}</div>
            </div>
          </div>
          <div className="sidebar-actions">
            <LanguageSwitch />
            <NotifySettingsPanel
              client={store.client}
              settings={notify}
              onChange={(next) => {
                saveNotifySettings(next)
                setNotify(next)
              }}
            />
            <button type="button" className="ghost" onClick={() => void turnOffBrowserPush(store.client).finally(onSignOut)}>
              {t('chat.signOut')}
            </button>
          </div>
        </header>
        {creatingGroup ? (
          <NewGroupForm
            me={me}
            onCancel={() => setCreatingGroup(false)}
            onCreate={async (name, memberIds) => {
              const group = await store.client.groups.create(name, memberIds)
              setCreatingGroup(false)
              setActiveId(group.id)
            }}
          />
        ) : (
          <NewChatForm me={me} onOpen={async (peerId) => setActiveId(await store.openDirect(peerId))} onNewGroup={() => setCreatingGroup(true)} />
        )}
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
    </PeopleContext.Provider>
    </FilesContext.Provider>
    </WarblerProvider>
  )
}
