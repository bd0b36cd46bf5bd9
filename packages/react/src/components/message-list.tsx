import type { Message } from '@warbler/sdk'
import type { ReactNode } from 'react'
import type { PendingMessage } from '../stores/messages-store.js'
import { useMessages } from '../use-messages.js'

/** Words {@link MessageList} shows, in the user's language (English by default). */
export interface MessageListLabels {
  /** The list's accessible name. */
  list: string
  loadOlder: string
  loading: string
  sending: string
  failed: string
  retry: string
  discard: string
  recalled: string
  /** Text of a body that is not text (image, file, custom...). */
  attachment: (message: Pick<Message, 'body'>) => string
}

const ENGLISH: MessageListLabels = {
  list: 'Messages',
  loadOlder: 'Load older messages',
  loading: 'Loading…',
  sending: 'Sending…',
  failed: 'Not sent',
  retry: 'Retry',
  discard: 'Discard',
  recalled: 'Message recalled',
  attachment: (message) => `[${message.body?.type ?? 'message'}]`,
}

/** Props of {@link MessageList}. */
export interface MessageListProps {
  conversationId: string
  /** Replace some or all of the English words. */
  labels?: Partial<MessageListLabels>
  /** What a message shows (default: the sender and the text, or the streamed text so far). */
  renderMessage?: (message: Message, streamingText: string | undefined) => ReactNode
  /** What a pending send shows besides its state and buttons (default: its text). */
  renderPending?: (entry: PendingMessage) => ReactNode
  /** Mark the conversation read while shown (default `true`). */
  markRead?: boolean
  className?: string
}

function textOf(message: Pick<Message, 'body'>, labels: MessageListLabels): string {
  return message.body?.type === 'text' ? message.body.text : labels.attachment(message)
}

/**
 * A conversation's messages, unstyled: a `role="log"` list that announces new messages politely,
 * a button for older ones, streamed bot text as it comes (`aria-busy` while it does), and the
 * user's pending sends with their state and, when failed, Retry and Discard.
 *
 * @example
 * ```tsx
 * <MessageList conversationId={id} labels={{ list: '消息', retry: '重试' }} />
 * ```
 */
export function MessageList(props: MessageListProps) {
  const labels = { ...ENGLISH, ...props.labels }
  const feed = useMessages(props.conversationId, { markRead: props.markRead ?? true })
  return (
    <div className={props.className}>
      {feed.hasMore && (
        <button type="button" onClick={() => void feed.loadOlder().catch(() => undefined)} disabled={feed.loadingOlder}>
          {feed.loadingOlder ? labels.loading : labels.loadOlder}
        </button>
      )}
      {feed.loading && <p role="status">{labels.loading}</p>}
      <ol role="log" aria-live="polite" aria-label={labels.list}>
        {feed.messages
          .filter((message) => !message.hidden)
          .map((message) => {
            const streamingText = feed.streaming[message.seq]
            return (
              <li key={message.seq} data-seq={message.seq} aria-busy={message.status === 'streaming' ? true : undefined}>
                {props.renderMessage ? (
                  props.renderMessage(message, streamingText)
                ) : (
                  <>
                    <strong>{message.senderId}</strong>{' '}
                    <span>{message.recalledAt ? labels.recalled : (streamingText ?? textOf(message, labels))}</span>
                  </>
                )}
              </li>
            )
          })}
        {feed.pending.map((entry) => (
          <li key={entry.clientMsgId} data-pending={entry.state}>
            {props.renderPending ? props.renderPending(entry) : <span>{textOf(entry, labels)}</span>}{' '}
            <span>{entry.state === 'failed' ? labels.failed : entry.state === 'sending' ? labels.sending : ''}</span>
            {entry.state === 'failed' && (
              <>
                {' '}
                <button type="button" onClick={() => feed.retry(entry.clientMsgId)}>{labels.retry}</button>{' '}
                <button type="button" onClick={() => feed.discard(entry.clientMsgId)}>{labels.discard}</button>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  )
}
