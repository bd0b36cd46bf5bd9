import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../../shared/error-text.js'
import { appApi } from '../../console-api.js'
import { SecretOnce } from '../secret-once.js'

/**
 * Creates or rotates the identity secret (`POST /identity-secret`): asks first, because rotating
 * makes every hash computed with the old secret fail at once; the new secret is shown only here.
 */
export function IdentitySecretCard({ appId, canManage }: { appId: string; canManage: boolean }) {
  const { t } = useTranslation()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()

  async function rotate() {
    setBusy(true)
    setError(undefined)
    try {
      const answer = await appApi<{ secret: string }>(appId, 'POST', 'identity-secret')
      setSecret(answer.secret)
      setConfirming(false)
    } catch (cause) {
      setError(errorText(t, cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="card stacked-form">
      <h2>{t('console.widget.secret.heading')}</h2>
      <p className="muted small">{t('console.widget.secret.explain')}</p>
      {secret && <SecretOnce label={t('console.widget.secret.once')} secret={secret} onClose={() => setSecret(undefined)} />}
      {canManage && !confirming && !secret && (
        <div className="widget-actions">
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t('console.widget.secret.rotate')}
          </button>
        </div>
      )}
      {confirming && (
        <div className="notice-box" role="alertdialog" aria-labelledby="widget-secret-warning">
          <p id="widget-secret-warning">{t('console.widget.secret.warning')}</p>
          <div className="widget-actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void rotate()}>
              {t('console.widget.secret.confirm')}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirming(false)} autoFocus>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
