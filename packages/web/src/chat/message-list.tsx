import type { Message } from '@warbler/sdk'
import { useEffect, useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { PendingMessage } from './chat-store.js'
import { MessageBubble } from './message-bubble.js'
import { PendingBubble } from './pending-bubble.js'

/**
 * The history of a conversation, oldest at the top. Scrolling to the top loads older pages and
 * keeps the reading position; new messages scroll into view when the reader is at the bottom.
 */
export function MessageList(props: {
  messages: Message[]
  pending: PendingMessage[]
  streaming: Record<string, string>
  hasMore: boolean | undefined
  loadingOlder: boolean
  me: string | undefined
  nameOf: (id: string) => string
  onLoadOlder: () => void
  onRetry: (clientMsgId: string) => void
  onDiscard: (clientMsgId: string) => void
}) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const sentinel = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const previous = useRef<{ first: number | undefined; height: number }>({ first: undefined, height: 0 })
  const { onLoadOlder, hasMore } = props

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

  return (
    <div className="message-scroller" ref={scroller} onScroll={onScroll} data-testid="message-list">
      <div ref={sentinel} className="history-edge">
        {props.loadingOlder ? <span className="muted small">{t('common.loading')}</span> : props.hasMore === false && <span className="muted small">{t('chat.startOfHistory')}</span>}
      </div>
      <ol className="messages" aria-live="polite" aria-relevant="additions">
        {props.messages.map((message, index) => (
          <MessageBubble
            key={message.seq}
            message={message}
            mine={message.senderId === props.me}
            showSender={props.messages[index - 1]?.senderId !== message.senderId}
            streamingText={props.streaming[`${message.conversationId}:${message.seq}`]}
            nameOf={props.nameOf}
          />
        ))}
        {props.pending.map((entry) => (
          <PendingBubble key={entry.clientMsgId} entry={entry} onRetry={props.onRetry} onDiscard={props.onDiscard} />
        ))}
      </ol>
    </div>
  )
}
