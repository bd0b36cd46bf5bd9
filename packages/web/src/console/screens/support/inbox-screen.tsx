import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScreenProps } from '../../screen-props.js'
import { AgentBar } from './agent-bar.js'
import { pickAgentId, saveAgentId, savedAgentId } from './agent-identity.js'
import { alertAssignment, alertsEnabled } from './assignment-alert.js'
import { snoozeChoices } from './body-text.js'
import { ConversationPane } from './conversation-pane.js'
import { CustomerPanel } from './customer-panel.js'
import { formatDateTime } from '../../../shared/format-time.js'
import { errorText } from './human-error.js'
import { commandOf } from './inbox-keys.js'
import { InboxList } from './inbox-list.js'
import { mergeRows, newAssignments, queriesOf, rowsOf, tabCounts, watchQuery, type InboxTab } from './inbox-tabs.js'
import { ShortcutHelp } from './shortcut-help.js'
import type { ComposerHandle, ComposerMode } from './support-composer.js'
import { supportApi } from './support-api.js'
import type { Agent, CannedReply, SupportChange, SupportConversation, SupportCounts, SupportState } from './support-types.js'
import { useNames } from './use-names.js'
import { useConsolePresence } from './use-console-presence.js'
import { usePoll } from './use-poll.js'

const POLL_MS = 3000
const ALERT_POLL_MS = 1000

/** The agent inbox: queue, mine, all open, resolved; the conversation; the customer. */
export function InboxScreen(props: ScreenProps) {
  const { t } = useTranslation()
  if (!props.appId) {
    return (
      <section className="screen">
        <h1>{t('console.support.heading')}</h1>
        <p className="muted">{t('console.app.none')}</p>
      </section>
    )
  }
  return <Inbox {...props} appId={props.appId} />
}

function Inbox({ appId, can, session }: ScreenProps & { appId: string }) {
  const { t, i18n } = useTranslation()
  const api = useMemo(() => supportApi(appId), [appId])
  const { nameOf, userOf } = useNames(api)
  const canAct = can('messages.send')
  const [agents, setAgents] = useState<Agent[] | undefined>()
  const [me, setMe] = useState<string | undefined>()
  const [tab, setTab] = useState<InboxTab>('queue')
  const [rows, setRows] = useState<SupportConversation[] | undefined>()
  const [counts, setCounts] = useState<SupportCounts | undefined>()
  const [selectedId, setSelectedId] = useState<string | undefined>()
  const [selectedState, setSelectedState] = useState<SupportState | undefined>()
  const [cannedReplies, setCannedReplies] = useState<CannedReply[]>([])
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<string | undefined>()
  const [help, setHelp] = useState(false)
  const [version, setVersion] = useState(0)
  const [now, setNow] = useState(Date.now)
  const watched = useRef<Set<string> | undefined>(undefined)
  const picked = useRef(false)
  const composer = useRef<ComposerHandle>(null)

  useEffect(() => {
    api.cannedReplies().then(
      (replies) => setCannedReplies(replies),
      () => setCannedReplies([]),
    )
  }, [api])

  /** Alerts once for each conversation newly assigned to `agentId` (both polls report through here). */
  const noticeAssignments = useCallback(
    async (rowsNow: SupportConversation[], agentId: string | undefined) => {
      const { fresh, seen } = newAssignments(watched.current, rowsNow, agentId)
      watched.current = seen
      for (const row of fresh) {
        // The customer's name, not their id, even when the inbox has not shown them yet.
        const name = row.customerId ? ((await api.user(row.customerId).catch(() => undefined))?.name ?? row.customerId) : row.conversationId
        alertAssignment(t('console.support.newAssignment'), t('console.support.newAssignmentBody', { name }), () => {
          setTab('mine')
          setSelectedId(row.conversationId)
        })
      }
    },
    [api, t],
  )

  const refresh = useCallback(async () => {
    try {
      const agentList = await api.agents()
      setAgents(agentList)
      let current = me
      if (!picked.current) {
        picked.current = true
        current = pickAgentId(agentList, session?.account ?? { email: '' }, savedAgentId(appId))
        setMe(current)
      }
      const [watch, ...lists] = await Promise.all([current ? api.list(watchQuery(current)) : Promise.resolve(undefined), ...queriesOf(tab, current).map((query) => api.list(query))])
      await noticeAssignments(watch?.conversations ?? [], current)
      setCounts(watch?.counts ?? lists[0]?.counts)
      setRows(mergeRows(lists.map((list) => list.conversations)))
      setNow(Date.now())
      setError(undefined)
    } catch (cause) {
      setError(errorText(cause, t))
    }
    // nameOf changes every render; the poll reads the latest through this closure
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, appId, me, tab, session, t, noticeAssignments])

  usePoll(refresh, POLL_MS, `${appId}:${tab}:${me ?? ''}:${version}`)

  // This window counts as the agent's connected session while the inbox is open; once it does,
  // refresh at once (what waited in the queue is being assigned to them).
  useConsolePresence(appId, me, canAct, () => setVersion((value) => value + 1))

  // With alerts on, one light call a second watches my assignments, so the alert comes within
  // about a second rather than at the next full refresh.
  usePoll(
    async () => {
      if (!me || !alertsEnabled() || watched.current === undefined) return
      try {
        await noticeAssignments((await api.list(watchQuery(me))).conversations, me)
      } catch {
        // the full refresh reports errors
      }
    },
    ALERT_POLL_MS,
    `${appId}:${me ?? ''}`,
  )

  const visible = rows ? rowsOf(tab, rows, me) : undefined

  // The tab's title tells how many wait and how many are mine, also when the tab is in the background.
  useEffect(() => {
    const original = document.title
    return () => {
      document.title = original
    }
  }, [])
  useEffect(() => {
    if (counts) document.title = t('console.support.title', { queued: counts.queued, mine: counts.mine })
  }, [counts, t])

  async function act(conversationId: string, patch: SupportChange): Promise<boolean> {
    setError(undefined)
    setDone(undefined)
    try {
      const state = await api.update(conversationId, patch)
      setSelectedState(state)
      setDone(doneText(patch, state))
      return true
    } catch (cause) {
      setError(errorText(cause, t))
      return false
    } finally {
      setVersion((value) => value + 1)
    }
  }

  function doneText(patch: SupportChange, state: SupportState): string {
    if (patch.status === 'resolved') return t('console.support.done.resolved')
    if (patch.status === 'snoozed') return t('console.support.done.snoozed', { time: formatDateTime(state.snoozedUntil ?? patch.snoozedUntil ?? Date.now(), i18n.language) })
    if (patch.status === 'bot') return t('console.support.done.bot')
    if (patch.status === 'queued' || patch.assigneeId === null) return t('console.support.done.queued')
    if (patch.assigneeId !== undefined) return patch.assigneeId === me ? t('console.support.done.taken') : t('console.support.done.assigned', { name: nameOf(patch.assigneeId) })
    if (patch.team !== undefined && patch.team !== null) return t('console.support.done.team', { team: patch.team })
    return t('console.support.done.priority', { priority: t(`console.support.priority.${state.priority}`) })
  }

  async function send(state: SupportState, mode: ComposerMode, text: string): Promise<boolean> {
    if (!me || !selectedId) return false
    setError(undefined)
    setDone(undefined)
    try {
      if (mode === 'note') {
        await api.addNote(selectedId, me, text)
        setDone(t('console.support.done.noted'))
      } else {
        // Replying to a conversation waiting in the queue, someone else's, or a resolved one takes it
        // first, so the server makes this agent a member and its owner; a bot-owned one is taken
        // over by the message itself.
        if (state.status !== 'bot' && !(state.status === 'assigned' && state.assigneeId === me)) await api.update(selectedId, { assigneeId: me })
        await api.reply(selectedId, me, text)
        setDone(t('console.support.done.sent'))
      }
      return true
    } catch (cause) {
      setError(errorText(cause, t))
      return false
    } finally {
      setVersion((value) => value + 1)
    }
  }

  // Keyboard shortcuts of the inbox (never while typing; see inbox-keys.ts).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const command = commandOf(event)
      if (!command) return
      const list = visible ?? []
      const index = list.findIndex((row) => row.conversationId === selectedId)
      const state = selectedState
      const handled = (() => {
        switch (command) {
          case 'next':
          case 'previous': {
            const next = list[command === 'next' ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0)]
            if (next) setSelectedId(next.conversationId)
            return Boolean(next)
          }
          case 'reply':
          case 'note':
            composer.current?.focus(command)
            return composer.current !== null
          case 'take':
            if (selectedId && me && canAct) void act(selectedId, { assigneeId: me })
            return true
          case 'resolve':
            if (selectedId && canAct && state && state.status !== 'resolved' && state.status !== 'bot') void act(selectedId, { status: 'resolved' })
            return true
          case 'snooze':
            if (selectedId && canAct && state && (state.status === 'queued' || state.status === 'assigned')) void act(selectedId, { status: 'snoozed', snoozedUntil: snoozeChoices(Date.now())[0]!.until })
            return true
          case 'help':
            setHelp((value) => !value)
            return true
          default:
            setTab(command.slice(4) as InboxTab)
            return true
        }
      })()
      if (handled) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const selectedCustomer = selectedState && (selectedState.conversationId ?? selectedId) === selectedId ? (selectedState.customerId ?? undefined) : undefined

  return (
    <section className={`screen inbox-screen${selectedId ? ' has-selection' : ''}`} aria-labelledby="inbox-heading">
      <div className="screen-header">
        <h1 id="inbox-heading">{t('console.support.heading')}</h1>
        <div className="row">
          <span className="muted small">{t('console.support.liveUpdates')}</span>
          <button type="button" className="ghost" onClick={() => setHelp((value) => !value)} aria-expanded={help}>
            {t('console.support.shortcuts.button')}
          </button>
        </div>
      </div>
      <AgentBar
        agents={agents}
        me={me}
        nameOf={nameOf}
        canAct={canAct}
        onPick={(userId) => {
          setMe(userId)
          saveAgentId(appId, userId)
          watched.current = undefined
        }}
        onAvailability={(availability) => {
          if (!me) return
          api.setAvailability(me, availability).then(
            () => {
              setDone(t('console.support.done.availability', { availability: t(`console.support.availability.${availability}`) }))
              setVersion((value) => value + 1)
            },
            (cause: unknown) => setError(errorText(cause, t)),
          )
        }}
      />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {error && (
        <p className="error" role="alert" data-testid="inbox-error">
          {error}
        </p>
      )}
      <p className="inbox-done small" role="status" data-testid="inbox-done">
        {done}
      </p>
      <div className={`inbox${selectedId ? ' has-selection' : ''}`}>
        <InboxList
          tab={tab}
          onTab={(next) => setTab(next)}
          counts={tabCounts(counts)}
          rows={visible}
          selectedId={selectedId}
          onSelect={(conversationId) => {
            setSelectedId(conversationId)
            setSelectedState(undefined)
          }}
          nameOf={nameOf}
          now={now}
        />
        {selectedId ? (
          <ConversationPane
            key={selectedId}
            api={api}
            conversationId={selectedId}
            me={me}
            agents={agents ?? []}
            nameOf={nameOf}
            kindOf={(userId) => userOf(userId)?.kind}
            canAct={canAct}
            cannedReplies={cannedReplies}
            version={version}
            onAct={act}
            onSend={send}
            onState={setSelectedState}
            onBack={() => setSelectedId(undefined)}
            composerRef={composer}
          />
        ) : (
          <div className="inbox-conversation inbox-pick card">
            <p className="muted">{t('console.support.pick')}</p>
          </div>
        )}
        {selectedId && selectedCustomer && (
          <CustomerPanel
            api={api}
            customerId={selectedCustomer}
            conversationId={selectedId}
            user={userOf(selectedCustomer)}
            nameOf={nameOf}
            onOpen={(conversationId) => {
              setSelectedId(conversationId)
              setSelectedState(undefined)
            }}
          />
        )}
      </div>
    </section>
  )
}
