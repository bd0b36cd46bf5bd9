import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { FEEDBACK_REASONS, type AnswerRating } from './answer-feedback.js'
import { errorText } from './human-error.js'
import './feedback-texts.js'

interface RateAnswerProps {
  appId: string
  conversationId: string
  seq: number
  /** The agent the console account works as: ratings are theirs. */
  agentId: string
  /** The agent's current rating of this answer, to start from. */
  mine?: AnswerRating
  /** Called after a rating is stored (the transcript reloads its ratings). */
  onRated: () => void
}

/**
 * 👍/👎 on one bot answer as the agent, with a reason and a comment
 * (`POST …/conversations/{id}/messages/{seq}/feedback` with the agent's user id: agents may rate
 * answers of conversations they are not members of). A change is a new rating; the old one stays as history.
 */
export function RateAnswer({ appId, conversationId, seq, agentId, mine, onRated }: RateAnswerProps) {
  const { t } = useTranslation()
  const id = useId()
  const [rating, setRating] = useState<'up' | 'down' | undefined>(mine?.rating)
  const [reason, setReason] = useState(mine?.reason ?? '')
  const [comment, setComment] = useState(mine?.comment ?? '')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [error, setError] = useState('')

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!rating) {
      setError(t('console.support.feedback.pickRating'))
      return
    }
    setBusy(true)
    setError('')
    setStatus('')
    try {
      await appApi(appId, 'POST', `conversations/${encodeURIComponent(conversationId)}/messages/${seq}/feedback`, {
        userId: agentId,
        rating,
        ...(reason ? { reason } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      })
      setStatus(t('console.support.feedback.saved'))
      onRated()
    } catch (cause) {
      setError(errorText(cause, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <details className="rate-answer" data-testid="rate-answer">
      <summary className="small">{mine ? t('console.support.feedback.changeRating') : t('console.support.feedback.rate')}</summary>
      <form className="stacked-form" onSubmit={submit}>
        <fieldset className="rating-choice">
          <legend className="small">{t('console.support.feedback.yourRating')}</legend>
          {(['up', 'down'] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" name={`${id}-rating`} value={value} checked={rating === value} onChange={() => setRating(value)} />
              {t(`console.support.feedback.${value}`)}
            </label>
          ))}
        </fieldset>
        <label className="small">
          {t('console.support.feedback.reason')}
          <select value={reason} onChange={(event) => setReason(event.target.value as typeof reason)}>
            <option value="">{t('console.support.feedback.noReason')}</option>
            {FEEDBACK_REASONS.map((value) => (
              <option key={value} value={value}>
                {t(`console.support.feedback.reasons.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="small">
          {t('console.support.feedback.comment')}
          <textarea value={comment} onChange={(event) => setComment(event.target.value)} rows={2} maxLength={2000} />
        </label>
        <div className="row">
          <button type="submit" className="secondary" disabled={busy}>
            {t('console.support.feedback.save')}
          </button>
          <span className="muted small" role="status">
            {status}
          </span>
        </div>
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  )
}
