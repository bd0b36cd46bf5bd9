import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../shared/format-time.js'
import { loadSession } from './chat-session.js'
import { decideToolCall, type DecisionOutcome, type ToolConfirmData } from './tool-decision.js'

/**
 * A bot's request to run an action that changes something: what it will do, with Approve and
 * Decline. Answering sends the exact arguments shown; the card then says, in words, how it went.
 */
export function ToolConfirmCard({ data }: { data: ToolConfirmData }) {
  const { t, i18n } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<DecisionOutcome | undefined>()
  const settled = outcome !== undefined && outcome !== 'failed'

  async function answer(approve: boolean) {
    const session = loadSession()
    if (!session) return setOutcome('failed')
    setBusy(true)
    setOutcome(await decideToolCall(session, data, approve))
    setBusy(false)
  }

  return (
    <div className="tool-confirm" role="group" aria-labelledby={`tool-${data.toolCallId}`} data-testid="tool-confirm">
      <p id={`tool-${data.toolCallId}`} className="tool-confirm-title">{t('chat.tool.title')}</p>
      <p className="tool-confirm-summary">{data.summary}</p>
      <details>
        <summary className="small">{t('chat.tool.details')}</summary>
        <pre className="tool-confirm-arguments small">{JSON.stringify(data.arguments, null, 2)}</pre>
      </details>
      {data.expiresAt !== undefined && !settled && <p className="muted small">{t('chat.tool.expiresAt', { time: formatDateTime(data.expiresAt, i18n.language) })}</p>}
      {!settled && (
        <div className="tool-confirm-actions">
          <button type="button" className="ghost" disabled={busy} onClick={() => void answer(false)}>{t('chat.tool.decline')}</button>
          <button type="button" className="primary" disabled={busy} onClick={() => void answer(true)}>{t('chat.tool.approve')}</button>
        </div>
      )}
      {outcome && <p className="small" role="status">{t(`chat.tool.${outcome}`)}</p>}
    </div>
  )
}
