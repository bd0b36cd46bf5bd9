import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../shared/http.js'
import { LanguageSwitch } from '../shared/language-switch.js'
import { consoleApi, createFirstOwner, type ConsoleSession } from './console-api.js'
import { errorMessage } from '../shared/error-text.js'

/**
 * First run: no owner exists yet, so the console offers to create one with the operator key, then
 * signs that owner in. The server refuses it (409) once an owner exists.
 */
export function ConsoleSetup({ onSignedIn, onOwnerExists }: { onSignedIn: (session: ConsoleSession) => void; onOwnerExists: () => void }) {
  const { t } = useTranslation()
  const [operatorKey, setOperatorKey] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await createFirstOwner(operatorKey.trim(), { email, password })
      onSignedIn(await consoleApi<ConsoleSession>('POST', '/session', { email, password }))
    } catch (cause) {
      if (cause instanceof ApiError && (cause.status === 401 || cause.code === 'invalid_credentials')) setError(t('console.setup.wrongKey'))
      else if (cause instanceof ApiError && cause.code === 'conflict') onOwnerExists()
      else setError(errorMessage(t, cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="console-sign-in">
      <form className="sign-in-card card" onSubmit={submit} data-testid="console-setup">
        <header className="sign-in-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>{t('console.title')}</span>
          </div>
          <LanguageSwitch />
        </header>
        <h1>{t('console.setup.title')}</h1>
        <p className="muted small">{t('console.setup.explain')}</p>
        <label>
          {t('console.setup.operatorKey')}
          <input type="password" autoComplete="off" value={operatorKey} onChange={(event) => setOperatorKey(event.target.value)} required />
        </label>
        <label>
          {t('console.setup.email')}
          <input type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </label>
        <label>
          {t('console.setup.password')}
          <input type="password" autoComplete="new-password" minLength={10} aria-describedby="setup-password-hint" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        <p id="setup-password-hint" className="muted small">
          {t('console.setup.passwordHint')}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('console.setup.submit')}
        </button>
      </form>
    </main>
  )
}
