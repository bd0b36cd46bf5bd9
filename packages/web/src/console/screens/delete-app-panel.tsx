import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../shared/http.js'
import { errorMessage } from '../../shared/error-text.js'

/** What `DELETE /api/v1/apps/{appId}` answers. */
export interface AppDeletionReceipt {
  appId: string
  deletedAt: number | null
  keyDestroyed: boolean
  purge: 'running' | 'done'
}

/**
 * Deletes an app with the operator key (`DELETE /api/v1/apps/{appId}?confirm=<appId>`): deletion is
 * the operator's alone, so the console sends the key the person types, never a session. The key is
 * not kept anywhere.
 */
export async function deleteApp(operatorKey: string, appId: string, confirm: string): Promise<AppDeletionReceipt> {
  const response = await fetch(`/api/v1/apps/${encodeURIComponent(appId)}?confirm=${encodeURIComponent(confirm)}`, {
    method: 'DELETE',
    headers: { accept: 'application/json', authorization: `Bearer ${operatorKey}` },
  })
  const parsed = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: { reason?: string } } } | AppDeletionReceipt | undefined
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: { reason?: string } } } | undefined)?.error
    throw new ApiError(response.status, error?.details?.reason === 'legal_hold' ? 'legal_hold' : (error?.code ?? 'http_error'), error?.message ?? `HTTP ${response.status}`)
  }
  return parsed as AppDeletionReceipt
}

/**
 * The "Delete app" confirmation: what is lost, the operator key, and the app's id typed again; the
 * button stays off until the id matches.
 */
export function DeleteAppPanel({ app, onDeleted, onCancel }: { app: { id: string; name: string }; onDeleted: (receipt: AppDeletionReceipt) => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [operatorKey, setOperatorKey] = useState('')
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const matches = typed.trim() === app.id

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!matches) return
    setBusy(true)
    setError(undefined)
    try {
      onDeleted(await deleteApp(operatorKey.trim(), app.id, typed.trim()))
    } catch (cause) {
      const code = cause instanceof ApiError ? cause.code : undefined
      if (code === 'legal_hold') setError(t('console.apps.deleteHeld'))
      else if (code === 'invalid_credentials' || code === 'unauthenticated' || code === 'forbidden') setError(t('console.apps.deleteWrongKey'))
      else setError(errorMessage(t, cause))
    } finally {
      setBusy(false)
    }
  }

  const titleId = `delete-app-${app.id}`
  return (
    <form role="alertdialog" aria-labelledby={titleId} className="card stacked-form" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="delete-app">
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {t('console.apps.deleteHeading', { name: app.name })}
      </h2>
      <p className="danger-text">{t('console.apps.deleteWarning')}</p>
      <label>
        {t('console.apps.deleteOperatorKey')}
        <input type="password" autoComplete="off" value={operatorKey} onChange={(event) => setOperatorKey(event.target.value)} required />
      </label>
      <label>
        {t('console.apps.deleteTypeId', { id: app.id })}
        <input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} className="mono" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="danger" disabled={!matches || busy}>
          {t('console.apps.deleteButton')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
