import { useEffect, useRef, useState, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationEvent } from '@warbler/protocol'
import { Markdown } from '../../../chat/markdown.js'
import { formatDateTime, formatTime } from '../../../shared/format-time.js'
import { appApi } from '../../console-api.js'
import { feedbackBySeq, type AnswerRating } from './answer-feedback.js'
import { AnswerFeedbackView } from './answer-feedback-view.js'
import { RateAnswer } from './answer-rating-form.js'
import { bodyText } from './body-text.js'
import { ConversationActions } from './conversation-actions.js'
import { SupportComposer, type ComposerHandle, type ComposerMode } from './support-composer.js'
import type { SupportApi } from './support-api.js'
import type { Agent, CannedReply, SupportChange, SupportNote, SupportState } from './support-types.js'
import { usePoll } from './use-poll.js'

/** One line of the timeline: a message or notice of the conversation, or a private note. */
type Entry = { kind: 'event'; ts: number; event: ConversationEvent } | { kind: 'note'; ts: number; note: SupportNote }

/** Messages and notices (not edits or reactions, which history already folds in) and notes, by time. */
function timeline(events: readonly ConversationEvent[], notes: readonly SupportNote[]): Entry[] {
  const entries: Entry[] = [
    ...events.filter((event) => event.kind === 'message' || event.kind === 'system').map((event) => ({ kind: 'event' as const, ts: event.ts, event })),
    ...notes.map((note) => ({ kind: 'note' as const, ts: note.createdAt, note })),
  ]
  return entries.sort((a, b) => a.ts - b.ts)
}

/**
 * The open conversation: its support state, the bot's summary, the whole history with private
 * notes in between, the actions (take, assign/transfer, snooze, resolve, reopen, priority) and the
 * composer. Reloads every few seconds and after every action.
 */
export function ConversationPane({
  api,
  conversationId,
  me,
  agents,
  nameOf,
  kindOf,
  canAct,
  cannedReplies,
  version,
  onAct,
  onSend,
  onState,
  onBack,
  composerRef,
}: {
  api: SupportApi
  conversationId: string
  me: string | undefined
  agents: Agent[]
  nameOf: (userId: string) => string
  /** Whether a user is a person or a bot (undefined until known). */
  kindOf: (userId: string) => 'person' | 'bot' | undefined
  canAct: boolean
  cannedReplies: CannedReply[]
  version: number
  onAct: (conversationId: string, patch: SupportChange) => Promise<boolean>
  onSend: (state: SupportState, mode: ComposerMode, text: string) => Promise<boolean>
  onState: (state: SupportState) => void
  onBack: () => void
  composerRef: Ref<ComposerHandle>
}) {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<SupportState | undefined>()
  const [events, setEvents] = useState<ConversationEvent[]>([])
  const [hasMore, setHasMore] = useState(false)
  const [notes, setNotes] = useState<SupportNote[]>([])
  const [ratings, setRatings] = useState<AnswerRating[]>([])
  const [rated, setRated] = useState(0)
  const [loadError, setLoadError] = useState<unknown>()
  const lastSeq = useRef<number | undefined>(undefined)
  const list = useRef<HTMLOListElement>(null)
  const stickToEnd = useRef(true)

  useEffect(() => {
    lastSeq.current = undefined
    setState(undefined)
    setEvents([])
    setNotes([])
    setRatings([])
    stickToEnd.current = true
  }, [conversationId])

  usePoll(
    async () => {
      try {
        const [support, conversation, noteList, ratingList] = await Promise.all([
          api.state(conversationId),
          api.conversation(conversationId),
          api.notes(conversationId).catch((): SupportNote[] => []),
          // Ratings of the bot's answers (👍/👎, reason, comment), shown under each answer; none when the server has no feedback API.
          appApi<{ items: AnswerRating[] }>(api.appId, 'GET', `feedback?conversationId=${encodeURIComponent(conversationId)}&limit=500`).then(
            (page) => page.items,
            (): AnswerRating[] => [],
          ),
        ])
        setState(support)
        onState(support)
        setNotes(noteList)
        setRatings(ratingList)
        if (conversation.lastSeq !== lastSeq.current) {
          const page = await api.history(conversationId, { beforeSeq: conversation.lastSeq + 1, limit: 100 })
          lastSeq.current = conversation.lastSeq
          setEvents(page.events)
          setHasMore(page.hasMore)
        }
        setLoadError(undefined)
      } catch (error) {
        setLoadError(error)
      }
    },
    3000,
    `${conversationId}:${version}:${rated}`,
  )

  const entries = timeline(events, notes)
  const feedback = feedbackBySeq(ratings)
  useEffect(() => {
    if (stickToEnd.current && list.current) list.current.scrollTop = list.current.scrollHeight
  }, [entries.length])
  // A code block wider than its bubble scrolls sideways: keyboard users reach it with Tab.
  useEffect(() => {
    for (const block of list.current?.querySelectorAll<HTMLPreElement>('pre') ?? []) {
      if (block.scrollWidth > block.clientWidth && !block.hasAttribute('tabindex')) block.tabIndex = 0
    }
  })

  async function loadEarlier() {
    const first = events[0]?.seq
    if (first === undefined) return
    const page = await api.history(conversationId, { beforeSeq: first, limit: 100 })
    stickToEnd.current = false
    setEvents((current) => [...page.events, ...current])
    setHasMore(page.hasMore)
  }

  if (!state) {
    return (
      <div className="inbox-conversation card">
        <p className="muted">{loadError ? t('console.support.errors.not_found') : t('common.loading')}</p>
      </div>
    )
  }
  const customerName = state.customerId ? nameOf(state.customerId) : conversationId
  const mine = state.status === 'assigned' && state.assigneeId === me
  return (
    <div className="inbox-conversation card" data-testid="inbox-conversation" data-status={state.status}>
      <header className="conversation-header">
        <button type="button" className="ghost back-button" onClick={onBack}>
          ← {t('console.support.back')}
        </button>
        <div>
          <h2>{customerName}</h2>
          <p className="muted small">
            <span className={`pill pill-status-${state.status}`} data-testid="support-status">
              {t(`console.support.status.${state.status}`)}
            </span>{' '}
            {state.assigneeId && state.status !== 'queued' ? t('console.support.assignedTo', { name: nameOf(state.assigneeId) }) : t('console.support.unassigned')}
            {state.team ? ` · ${t('console.support.team', { team: state.team })}` : ''}
            {state.status === 'snoozed' && state.snoozedUntil ? ` · ${t('console.support.snoozedUntil', { time: formatDateTime(state.snoozedUntil, i18n.language) })}` : ''}
            {state.status === 'resolved' && state.resolvedAt ? ` · ${t('console.support.resolvedAt', { time: formatDateTime(state.resolvedAt, i18n.language) })}` : ''}
          </p>
        </div>
      </header>
      {(state.summary || state.reason) && (
        <div className="handoff-summary" data-testid="handoff-summary">
          {state.reason && (
            <p className="small">
              <strong>{t('console.support.reason.label')}:</strong> {t(`console.support.reason.${state.reason}`)}
            </p>
          )}
          {state.summary && (
            <p className="small">
              <strong>{t('console.support.summary')}:</strong> {state.summary}
            </p>
          )}
        </div>
      )}
      {canAct && <ConversationActions state={state} me={me} agents={agents} nameOf={nameOf} onAct={(patch) => onAct(conversationId, patch)} />}
      <h3 className="visually-hidden">{t('console.support.history')}</h3>
      <ol
        className="support-timeline"
        ref={list}
        aria-label={t('console.support.history')}
        data-testid="support-timeline"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget
          stickToEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40
        }}
      >
        <li className="timeline-start">
          {hasMore ? (
            <button type="button" className="ghost small" onClick={() => void loadEarlier()}>
              {t('console.support.loadEarlier')}
            </button>
          ) : (
            <span className="muted small">{t('console.support.startOfHistory')}</span>
          )}
        </li>
        {entries.map((entry) => {
          if (entry.kind === 'note') {
            return (
              <li key={`note-${entry.note.id}`} className="timeline-note" data-testid="timeline-note">
                <span className="timeline-meta small">
                  🔒 {t('console.support.noteBy', { name: nameOf(entry.note.authorId) })} · <time dateTime={new Date(entry.ts).toISOString()}>{formatTime(entry.ts, i18n.language)}</time>
                </span>
                <span className="timeline-text">{entry.note.text}</span>
              </li>
            )
          }
          const { event } = entry
          if (event.kind === 'system') {
            return (
              <li key={`event-${event.seq}`} className="timeline-notice small" data-testid="timeline-notice">
                {bodyText(event.body, t)}
              </li>
            )
          }
          const fromCustomer = event.senderId === state.customerId
          const fromMe = event.senderId === me
          const fromBot = kindOf(event.senderId) === 'bot'
          // Bots answer in Markdown (with citations); people's text is shown as typed.
          const text = event.recalledAt ? t('chat.message.recalled') : bodyText(event.body, t)
          return (
            <li key={`event-${event.seq}`} className={`timeline-message ${fromCustomer ? 'from-customer' : fromBot ? 'from-bot' : 'from-team'}`} data-testid="timeline-message" data-seq={event.seq}>
              <span className="timeline-meta small">
                {fromMe ? t('chat.you') : nameOf(event.senderId)} · <time dateTime={new Date(event.ts).toISOString()}>{formatTime(event.ts, i18n.language)}</time>
              </span>
              {fromBot && event.body?.type === 'text' && !event.recalledAt ? <Markdown text={text} /> : <span className="timeline-text">{text}</span>}
              {feedback.has(event.seq) && <AnswerFeedbackView feedback={feedback.get(event.seq)!} nameOf={nameOf} />}
              {fromBot && canAct && me !== undefined && event.status !== 'streaming' && !event.recalledAt && (
                <RateAnswer
                  key={`${event.seq}:${me}`}
                  appId={api.appId}
                  conversationId={conversationId}
                  seq={event.seq}
                  agentId={me}
                  mine={feedback.get(event.seq)?.current.find((rating) => rating.userId === me)}
                  onRated={() => setRated((count) => count + 1)}
                />
              )}
            </li>
          )
        })}
      </ol>
      {canAct && (
        <SupportComposer
          ref={composerRef}
          cannedReplies={cannedReplies}
          disabled={me === undefined}
          takesOver={!mine}
          onSend={(mode, text) => onSend(state, mode, text)}
        />
      )}
      {canAct && me === undefined && <p className="muted small">{t('console.support.mustPickAgent')}</p>}
    </div>
  )
}
