import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import type { AnswerFeedback, AnswerRating } from './answer-feedback.js'
import './feedback-texts.js'

function Rating({ rating, nameOf }: { rating: AnswerRating; nameOf: (userId: string) => string }) {
  const { t, i18n } = useTranslation()
  return (
    <li className={`answer-rating rating-${rating.rating}`} data-testid="answer-rating" data-rating={rating.rating}>
      <span className="strong">{t(`console.support.feedback.${rating.rating}`)}</span>
      {rating.reason && <span className="pill">{t(`console.support.feedback.reasons.${rating.reason}`)}</span>}
      {rating.comment && <q className="rating-comment">{rating.comment}</q>}
      <span className="muted small">{t('console.support.feedback.by', { name: nameOf(rating.userId), time: formatDateTime(rating.createdAt, i18n.language) })}</span>
    </li>
  )
}

/** The ratings of one bot answer, shown under it in the transcript: each rater's current one, then the history. */
export function AnswerFeedbackView({ feedback, nameOf }: { feedback: AnswerFeedback; nameOf: (userId: string) => string }) {
  const { t } = useTranslation()
  return (
    <div className="answer-feedback" data-testid="answer-feedback">
      <span className="visually-hidden">{t('console.support.feedback.label')}</span>
      <ul className="answer-ratings">
        {feedback.current.map((rating) => (
          <Rating key={rating.id} rating={rating} nameOf={nameOf} />
        ))}
      </ul>
      {feedback.earlier.length > 0 && (
        <details className="rating-history">
          <summary className="small">{t('console.support.feedback.history', { count: feedback.earlier.length })}</summary>
          <ul className="answer-ratings">
            {feedback.earlier.map((rating) => (
              <Rating key={rating.id} rating={rating} nameOf={nameOf} />
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
