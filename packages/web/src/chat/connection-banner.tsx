import type { ConnectionStateChange, WarblerError } from '@warbler/sdk'
import { useTranslation } from 'react-i18next'
import { errorText } from '../shared/error-text.js'

/** A banner while the connection is down or being re-made, and when the server refused the user. */
export function ConnectionBanner({ connection, fatal }: { connection: ConnectionStateChange; fatal: WarblerError | undefined }) {
  const { t } = useTranslation()
  if (fatal) {
    return (
      <div className="banner banner-error" role="alert" data-testid="connection-banner">
        {t('chat.connection.fatal', { reason: errorText(t, fatal) })}
      </div>
    )
  }
  if (connection.state === 'connected') return null
  const text =
    connection.state === 'connecting'
      ? connection.attempt > 0
        ? t('chat.connection.reconnecting')
        : t('chat.connection.connecting')
      : connection.willReconnect
        ? t('chat.connection.offlineRetry', { seconds: Math.ceil((connection.retryInMs ?? 0) / 1000) })
        : t('chat.connection.offline')
  return (
    <div className={`banner ${connection.state === 'disconnected' ? 'banner-warn' : 'banner-info'}`} role="status" aria-live="polite" data-testid="connection-banner">
      {text}
    </div>
  )
}
