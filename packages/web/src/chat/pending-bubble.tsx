import { useTranslation } from 'react-i18next'
import type { PendingMessage } from './chat-store.js'
import { errorText } from '../shared/error-text.js'

/**
 * A message of the user's own on its way: sending ("waiting for the connection" while offline, so
 * the reader sees at once that it has not gone out), sent, or failed with Retry and Discard.
 */
export function PendingBubble({ entry, offline, onRetry, onDiscard }: { entry: PendingMessage; offline: boolean; onRetry: (id: string) => void; onDiscard: (id: string) => void }) {
  const { t } = useTranslation()
  const text = entry.body.type === 'text' ? entry.body.text : entry.body.type === 'file' || entry.body.type === 'image' ? entry.body.name ?? '' : entry.body.type
  return (
    <li className={`message mine pending-${entry.state}`} data-testid="pending-message">
      <div className="bubble">
        <p className="plain-text">{text}</p>
        {entry.upload && entry.state === 'uploading' && (
          <progress max={100} value={Math.round(entry.upload.progress * 100)} aria-label={t('chat.message.uploading')} data-testid="upload-progress" />
        )}
      </div>
      <div className="message-meta">
        {entry.state === 'failed' ? (
          <span className="failed" role="alert">
            {t('chat.message.failed', { reason: errorText(t, entry.error) })}
            <button type="button" className="link" onClick={() => onRetry(entry.clientMsgId)}>
              {t('chat.message.retry')}
            </button>
            <button type="button" className="link" onClick={() => onDiscard(entry.clientMsgId)}>
              {t('chat.message.discard')}
            </button>
          </span>
        ) : (
          <span className="muted small" data-testid="pending-state">{t(`chat.message.${entry.state === 'sending' && offline ? 'queued' : entry.state}`)}</span>
        )}
      </div>
    </li>
  )
}
