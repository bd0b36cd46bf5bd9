import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../shared/error-text.js'
import { FEEDBACK_REASONS, type FeedbackReason, type GivenFeedback } from './answer-feedback-state.js'

/**
 * 👍/👎 under a bot's answer. 👍 is sent at once; 👎 asks what was wrong (a reason and an optional
 * comment) before sending. The given rating shows as pressed and can be changed at any time (every
 * change is a new rating on the server, which keeps the history).
 */
export function AnswerFeedback({ given, onRate }: { given: GivenFeedback | undefined; onRate: (input: { rating: 'up' | 'down'; reason?: FeedbackReason; comment?: string }) => Promise<void> }) {
  const { t } = useTranslation()
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState<FeedbackReason | undefined>(given?.reason)
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function rate(input: { rating: 'up' | 'down'; reason?: FeedbackReason; comment?: string }) {
    setBusy(true)
    setError(undefined)
    try {
      await onRate(input)
      setAsking(false)
      setComment('')
    } catch (failure) {
      setError(t('chat.feedback.failed', { reason: errorText(t, failure) }))
    } finally {
      setBusy(false)
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (reason) void rate({ rating: 'down', reason, ...(comment.trim() ? { comment: comment.trim() } : {}) })
  }

  const status = given?.rating === 'up' ? t('chat.feedback.givenUp') : given?.rating === 'down' ? t('chat.feedback.givenDown', { reason: t(`chat.feedback.reasons.${given.reason ?? 'other'}`) }) : ''
  return (
    <div className="answer-feedback" data-testid="answer-feedback">
      <div role="group" aria-label={t('chat.feedback.label')} className="feedback-buttons">
        <button type="button" className="ghost feedback-button" aria-pressed={given?.rating === 'up'} aria-label={t('chat.feedback.up')} title={t('chat.feedback.up')} disabled={busy} onClick={() => void rate({ rating: 'up' })}>
          <span aria-hidden="true">👍</span>
        </button>
        <button type="button" className="ghost feedback-button" aria-pressed={given?.rating === 'down'} aria-expanded={asking} aria-label={t('chat.feedback.down')} title={t('chat.feedback.down')} disabled={busy} onClick={() => setAsking(!asking)}>
          <span aria-hidden="true">👎</span>
        </button>
        <span className="visually-hidden" role="status" data-testid="feedback-status">{status}</span>
      </div>
      {asking && (
        <form className="feedback-form" onSubmit={submit} data-testid="feedback-form">
          <fieldset>
            <legend className="small">{t('chat.feedback.reasonLegend')}</legend>
            <div className="feedback-reasons">
              {FEEDBACK_REASONS.map((value) => (
                <label key={value} className="feedback-reason">
                  <input type="radio" name="feedback-reason" value={value} checked={reason === value} onChange={() => setReason(value)} />
                  {t(`chat.feedback.reasons.${value}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t('chat.feedback.comment')}
            <textarea rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <div className="feedback-actions">
            <button type="button" className="ghost" onClick={() => setAsking(false)}>{t('chat.feedback.cancel')}</button>
            <button type="submit" className="primary" disabled={!reason || busy}>{t('chat.feedback.send')}</button>
          </div>
        </form>
      )}
      {error && <p className="failed small" role="alert">{error}</p>}
    </div>
  )
}
