import { useTranslation } from 'react-i18next'
import { ApiError } from '../shared/http.js'
import { errorMessage } from '../shared/error-text.js'

/** True when the server has no such route (a feature another part of Warbler has not shipped yet). */
export function isMissingRoute(error: Error | undefined): boolean {
  return error instanceof ApiError && error.status === 404 && /^No route/.test(error.message)
}

/** Loading, "not offered by this server", or an error; nothing when there is data. */
export function ResourceState({ loading, error }: { loading: boolean; error: Error | undefined }) {
  const { t } = useTranslation()
  if (error) {
    if (isMissingRoute(error)) {
      return (
        <p className="notice-box" data-testid="not-available">
          {t('common.notAvailable')}
        </p>
      )
    }
    return (
      <p className="error" role="alert">
        {t('common.error', { message: errorMessage(t, error) })}
      </p>
    )
  }
  if (loading) return <p className="muted">{t('common.loading')}</p>
  return null
}

/** An error of an action (button), shown under the form that failed. */
export function ActionError({ error }: { error: Error | undefined }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <p className="error" role="alert">
      {t('common.error', { message: errorMessage(t, error) })}
    </p>
  )
}
