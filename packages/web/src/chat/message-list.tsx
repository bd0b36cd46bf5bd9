import type { Message } from '@warbler/sdk'
import { Fragment, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { PendingMessage } from './chat-store.js'
import type { FeedbackReason, GivenFeedback } from './answer-feedback-state.js'
import { MessageBubble } from './message-bubble.js'
import { useLiveAnnouncement } from './live-announcement.js'
import { PendingBubble } from './pending-bubble.js'
import { copyableText, useCopyMessage } from './copy-message.js'

/**
 * The history of a conversation, oldest at the top. Scrolling to the top loads older pages and
 * keeps the reading position; new messages scroll into view when the reader is at the bottom.
 * A search result (`focus`) loads older pages until its message is there, scrolls to it and marks it.
 * Keyboard: the list is one tab stop; arrow keys (Home, End) move between messages, and only the
 * current message's buttons are in the tab order — not one "⋯" per message.
 * A "New messages" divider sits above the first message that was unread when the conversation
 * opened. Screen readers hear each new message from others once, when it is complete (a streamed
 * answer is not announced on every delta).
 */
export function MessageList(props: {
  messages: Message[]
  pending: PendingMessage[]
  /** Not connected: messages being sent wait for the connection. */
  offline: boolean
  /** A message to show (a search result); a new token shows it again. */
  focus?: { seq: number; token: number } | undefined
  streaming: Record<string, string>
  hasMore: boolean | undefined
  loadingOlder: boolean
  me: string | undefined
  nameOf: (id: string) => string
  onLoadOlder: () => void
  onRetry: (clientMsgId: string) => void
  onDiscard: (clientMsgId: string) => void
  /** Read positions of the other members. */
  reads: Record<string, number>
  kind: string | undefined
  memberCount: number | undefined
  editingSeq: number | undefined
  onReply: (message: Message) => void
  onEdit: (seq: number | undefined) => void
  onSaveEdit: (seq: number, text: string) => void
  onRecall: (seq: number) => void
  onDelete: (seq: number) => void
  onReact: (seq: number, emoji: string) => void
  /** The first seq that was unread when the conversation opened (the divider goes above it). */
  unreadFrom?: number | undefined
  /** 👍/👎 for a message, when it is a bot's answer. */
  feedbackFor?: (message: Message) => { given: GivenFeedback | undefined; onRate: (input: { rating: 'up' | 'down'; reason?: FeedbackReason; comment?: string }) => Promise<void> } | undefined
}) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const sentinel = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const previous = useRef<{ first: number | undefined; height: number }>({ first: undefined, height: 0 })
  const { onLoadOlder, hasMore } = props
  const list = useRef<HTMLOListElement>(null)
  const shownFocus = useRef<number | undefined>(undefined)
  const [currentSeq, setCurrentSeq] = useState<number | undefined>()
  const [highlightedSeq, setHighlightedSeq] = useState<number | undefined>()
  const announcement = useLiveAnnouncement(props.messages, props.hasMore !== undefined, props.me, props.nameOf, t)
  const divider = useRef<HTMLLIElement>(null)
  const shownDivider = useRef(false)
  const copying = useCopyMessage()

  // Opened with unread messages: start at the divider (the reader continues where they left off).
  useLayoutEffect(() => {
    const element = scroller.current
    if (shownDivider.current || !divider.current || !element) return
    shownDivider.current = true
    element.scrollTop = Math.max(0, divider.current.offsetTop - element.offsetTop - 8)
    onScroll()
  })

  // Content that grows without a render of ours (an image arriving, a streamed reply) keeps a reader
  // at the bottom at the bottom, so the newest message is never cut off.
  useEffect(() => {
    const element = scroller.current
    const content = list.current
    if (!element || !content || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight
    })
    observer.observe(content)
    return () => observer.disconnect()
  }, [])

  // Open at a search result: page back until it is loaded, then centre and mark it.
  useEffect(() => {
    const focus = props.focus
    const element = scroller.current
    if (!focus || !element || shownFocus.current === focus.token) return
    const target = element.querySelector<HTMLElement>(`li[data-seq="${focus.seq}"]`)
    if (target) {
      shownFocus.current = focus.token
      atBottom.current = false
      target.scrollIntoView({ block: 'center' })
      setHighlightedSeq(focus.seq)
      setCurrentSeq(focus.seq)
      return
    }
    const oldest = props.messages[0]?.seq
    if (oldest !== undefined && oldest > focus.seq && hasMore && !props.loadingOlder) onLoadOlder()
  }, [props.focus, props.messages, hasMore, props.loadingOlder, onLoadOlder])

  // One tab stop: controls inside messages other than the current one leave the tab order.
  // (The bubbles are rendered elsewhere; their buttons are reached here, after each render.)
  useLayoutEffect(() => {
    const root = list.current
    if (!root) return
    for (const control of root.querySelectorAll<HTMLElement>('li[data-seq] button, li[data-seq] a[href], li[data-seq] summary')) {
      const seq = Number(control.closest('li[data-seq]')?.getAttribute('data-seq'))
      control.tabIndex = seq === currentSeq ? 0 : -1
    }
    // The search result stays marked (a class React does not own, so set again after each render).
    for (const item of root.querySelectorAll<HTMLElement>('li[data-seq]')) {
      item.classList.toggle('highlighted', Number(item.dataset.seq) === highlightedSeq)
    }
  })

  useEffect(() => {
    const element = sentinel.current
    if (!element || !hasMore) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadOlder()
    }, { root: scroller.current, rootMargin: '200px 0px 0px 0px' })
    observer.observe(element)
    return () => observer.disconnect()
  }, [hasMore, onLoadOlder, props.messages.length])

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const first = props.messages[0]?.seq
    const before = previous.current
    if (before.first !== undefined && first !== undefined && first < before.first) {
      // Older messages came in above: keep what the reader was looking at in place.
      element.scrollTop += element.scrollHeight - before.height
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight
    }
    previous.current = { first, height: element.scrollHeight }
  })

  function onScroll() {
    const element = scroller.current
    if (element) atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
    const target = event.target as HTMLElement
    if (target.closest('textarea, input, [role="menu"]')) return
    const items = [...(list.current?.querySelectorAll<HTMLElement>('li[data-seq]') ?? [])]
    if (items.length === 0) return
    event.preventDefault()
    const at = items.findIndex((item) => Number(item.dataset.seq) === currentSeq)
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : at === -1 ? items.length - 1 : Math.max(0, Math.min(items.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))
    const item = items[next]!
    item.tabIndex = -1
    item.focus()
    item.scrollIntoView({ block: 'nearest' })
    setCurrentSeq(Number(item.dataset.seq))
  }

  const visible = props.messages.filter((message) => !message.hidden)
  const bySeq = new Map(props.messages.map((message) => [message.seq, message]))
  const receipts = receiptsOf(visible, props, t)
  const unreadFrom = props.unreadFrom
  const firstUnreadSeq = unreadFrom === undefined ? undefined : visible.find((message) => message.seq >= unreadFrom && message.senderId !== props.me)?.seq

  return (
    <div
      className="message-scroller"
      ref={scroller}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        const seq = (event.target as HTMLElement).closest<HTMLElement>('li[data-seq]')?.dataset.seq
        if (seq !== undefined && Number(seq) !== currentSeq) setCurrentSeq(Number(seq))
      }}
      tabIndex={0}
      role="region"
      aria-label={t('chat.messageList')}
      aria-describedby="message-list-keys"
      data-testid="message-list"
    >
      <span id="message-list-keys" className="visually-hidden">{t('chat.messageListKeys')}</span>
      <div ref={sentinel} className="history-edge">
        {props.loadingOlder ? <span className="muted small">{t('common.loading')}</span> : props.hasMore === false && <span className="muted small">{t('chat.startOfHistory')}</span>}
      </div>
      <div className="visually-hidden" aria-live="polite" data-testid="live-region">{announcement}</div>
      <ol className="messages" ref={list}>
        {visible.map((message, index) => {
          const mine = message.senderId === props.me
          const text = message.body?.type === 'text'
          const copyable = copyableText(message)
          const firstUnread = message.seq === firstUnreadSeq
          return (
            <Fragment key={message.seq}>
            {firstUnread && (
              <li className="unread-divider" ref={divider} data-testid="unread-divider">{t('chat.newMessages')}</li>
            )}
            <MessageBubble
              message={message}
              mine={mine}
              me={props.me}
              showSender={visible[index - 1]?.senderId !== message.senderId || visible[index - 1]?.kind !== 'message'}
              streamingText={props.streaming[`${message.conversationId}:${message.seq}`]}
              nameOf={props.nameOf}
              replied={message.replyToSeq === undefined ? undefined : bySeq.get(message.replyToSeq)}
              receipt={receipts.get(message.seq)}
              editing={props.editingSeq === message.seq}
              onSaveEdit={(value) => props.onSaveEdit(message.seq, value)}
              onCancelEdit={() => props.onEdit(undefined)}
              onToggleReaction={(emoji) => props.onReact(message.seq, emoji)}
              actions={{
                onReply: () => props.onReply(message),
                ...(copyable ? { onCopy: () => void copying.copy(copyable) } : {}),
                onReact: (emoji) => props.onReact(message.seq, emoji),
                ...(mine && text ? { onEdit: () => props.onEdit(message.seq) } : {}),
                ...(mine ? { onRecall: () => props.onRecall(message.seq) } : {}),
                onDelete: () => props.onDelete(message.seq),
              }}
              feedback={props.feedbackFor?.(message)}
            />
            </Fragment>
          )
        })}
        {props.pending.map((entry) => (
          <PendingBubble key={entry.clientMsgId} entry={entry} offline={props.offline} onRetry={props.onRetry} onDiscard={props.onDiscard} />
        ))}
      </ol>
      {/* Always in the page, so that screen readers hear it change; seen while it has words. */}
      <p className={`copy-status small${copying.status ? ' shown' : ''}${copying.status === 'failed' ? ' failed' : ''}`} role="status" data-testid="copy-status">
        {copying.status === 'copied' ? t('chat.actions.copied') : copying.status === 'failed' ? t('chat.actions.copyFailed') : ''}
      </p>
    </div>
  )
}

/** Groups up to this size show "Read by N" under the user's latest message. */
const SMALL_GROUP = 20

/**
 * Where to show read receipts: in a direct chat "Read" under the user's latest message the peer has
 * read; in a small group "Read by N" under the user's latest message.
 */
function receiptsOf(
  messages: Message[],
  props: { me: string | undefined; reads: Record<string, number>; kind: string | undefined; memberCount: number | undefined },
  t: (key: string, options?: Record<string, unknown>) => string,
): Map<number, string> {
  const result = new Map<number, string>()
  const mine = messages.filter((message) => message.senderId === props.me && message.kind === 'message' && !message.recalledAt)
  const readers = Object.entries(props.reads).filter(([userId]) => userId !== props.me)
  if (props.kind === 'direct') {
    const peerRead = Math.max(0, ...readers.map(([, seq]) => seq))
    const last = mine.filter((message) => message.seq <= peerRead).at(-1)
    if (last) result.set(last.seq, t('chat.message.read'))
  } else if (props.kind === 'group' && (props.memberCount ?? Infinity) <= SMALL_GROUP) {
    const last = mine.at(-1)
    const count = last ? readers.filter(([, seq]) => seq >= last.seq).length : 0
    if (last && count > 0) result.set(last.seq, t('chat.message.readBy', { count }))
  }
  return result
}
