import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../shared/http.js'
import { LanguageSwitch } from '../shared/language-switch.js'
import { consoleApi, type ConsoleSession } from './console-api.js'

/** What the server says about single sign-on (`GET /api/v1/console/sso`). */
type SsoInfo = { enabled: false } | { enabled: true; provider: string; startUrl: string }

/** Reasons the SSO callback sends back (`/console?sso_error=<reason>`), each with its own sentence. */
const SSO_ERRORS = ['no_role', 'no_email', 'email_unverified', 'disabled', 'expired', 'invalid_response', 'provider_error', 'provider_unreachable', 'throttled'] as const

/** The SSO refusal the page was sent back with, if any (unknown reasons read as an untrusted answer). */
function ssoErrorInAddress(): string | undefined {
  const reason = new URLSearchParams(window.location.search).get('sso_error')
  if (reason === null) return undefined
  return (SSO_ERRORS as readonly string[]).includes(reason) ? reason : 'invalid_response'
}

/** Removes `sso_error` from the address, so a reload does not show the refusal again. */
function clearSsoErrorFromAddress(): void {
  const params = new URLSearchParams(window.location.search)
  if (!params.has('sso_error')) return
  params.delete('sso_error')
  const rest = params.toString()
  window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`)
}

/** Sign-in of the console: "Sign in with <provider>" when single sign-on is set up, and email and password. */
export function ConsoleSignIn({ onSignedIn }: { onSignedIn: (session: ConsoleSession) => void }) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [ssoError] = useState(ssoErrorInAddress)
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [sso, setSso] = useState<SsoInfo>({ enabled: false })
  useEffect(() => {
    clearSsoErrorFromAddress()
    consoleApi<SsoInfo>('GET', '/sso').then(setSso, () => setSso({ enabled: false }))
  }, [])

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
        {ssoError && (
          <p className="error" role="alert" data-testid="sso-error">
            {t(ssoError === 'throttled' ? 'console.signIn.throttled' : `console.signIn.ssoErrors.${ssoError}`)}
          </p>
        )}
        {sso.enabled && (
          <>
            <a
              className="button sso-button"
              href={sso.startUrl}
              data-testid="sso-sign-in"
              style={{ background: 'var(--accent)', color: '#fff', fontWeight: 600, textAlign: 'center', padding: '0.6rem 0.9rem' }}
            >
              {t('console.signIn.sso', { provider: sso.provider })}
            </a>
            <p className="muted small sso-or">{t('console.signIn.orPassword')}</p>
          </>
        )}
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
