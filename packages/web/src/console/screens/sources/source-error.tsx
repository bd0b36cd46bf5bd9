import { useTranslation } from 'react-i18next'
import { errorCodeOf, errorText } from '../../../shared/error-text.js'

/**
 * A failed action on sources, in the reader's language; for bad input the server's own sentence
 * (which names what is wrong, e.g. the address is not a valid URL) follows.
 */
export function SourceError({ error }: { error: unknown }) {
  const { t } = useTranslation()
  if (error === undefined) return null
  const detail = errorCodeOf(error) === 'validation_failed' && error instanceof Error ? error.message : undefined
  return (
    <p className="error small" role="alert">
      {errorText(t, error)}
      {detail && <span className="muted"> ({detail})</span>}
    </p>
  )
}
