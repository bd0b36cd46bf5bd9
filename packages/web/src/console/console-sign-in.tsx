import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../shared/http.js'
import { LanguageSwitch } from '../shared/language-switch.js'
import { consoleApi, type ConsoleSession } from './console-api.js'

/** Email and password sign-in of the console. */
export function ConsoleSignIn({ onSignedIn }: { onSignedIn: (session: ConsoleSession) => void }) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      onSignedIn(await consoleApi<ConsoleSession>('POST', '/session', { email, password }))
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401) setError(t('console.signIn.failed'))
      else if (cause instanceof ApiError && cause.status === 429) setError(t('console.signIn.throttled'))
      else setError((cause as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="console-sign-in">
      <form className="sign-in-card card" onSubmit={submit}>
        <header className="sign-in-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>{t('console.title')}</span>
          </div>
          <LanguageSwitch />
        </header>
        <h1>{t('console.signIn.title')}</h1>
        <label>
          {t('console.signIn.email')}
          <input type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </label>
        <label>
          {t('console.signIn.password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('console.signIn.submit')}
        </button>
        <p className="muted small">{t('console.signIn.firstOwner')}</p>
      </form>
    </main>
  )
}
