import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { requestJson } from '../shared/http.js'
import { LanguageSwitch } from '../shared/language-switch.js'
import { Avatar } from '../shared/avatar.js'
import type { ChatSession } from './chat-session.js'
import { errorText } from '../shared/error-text.js'

interface DemoUser {
  id: string
  name: string
  kind: 'person' | 'bot'
}

/** Sign in: pick a demo user (when the server runs the demo), or paste a user token. */
export function SignInScreen({ onSignedIn }: { onSignedIn: (session: ChatSession) => void }) {
  const { t } = useTranslation()
  const [demoUsers, setDemoUsers] = useState<DemoUser[] | undefined>()
  const [directory, setDirectory] = useState<DemoUser[]>([])
  const [token, setToken] = useState('')
  const [url, setUrl] = useState(location.origin)
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState<string | undefined>()

  useEffect(() => {
    requestJson<{ users: DemoUser[]; directory?: DemoUser[] }>('GET', '/api/v1/demo').then(
      (demo) => {
        setDemoUsers(demo.users)
        setDirectory(demo.directory ?? demo.users)
      },
      () => setDemoUsers([]),
    )
  }, [])

  const names = Object.fromEntries(directory.map((user) => [user.id, user.name]))

  async function pick(user: DemoUser) {
    setBusy(user.id)
    setError(undefined)
    try {
      const session = await requestJson<{ token: string; url: string; userId: string }>('POST', '/api/v1/demo/session', { userId: user.id })
      onSignedIn({ url: location.origin, token: session.token, userId: session.userId, names })
    } catch (cause) {
      setError(errorText(t, cause))
    } finally {
      setBusy(undefined)
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!token.trim()) return
    onSignedIn({ url: url.trim() || location.origin, token: token.trim(), names })
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <header className="sign-in-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>Warbler</span>
          </div>
          <LanguageSwitch />
        </header>
        <h1>{t('chat.signIn.title')}</h1>
        <p className="muted">{t('chat.signIn.subtitle')}</p>
        {demoUsers && demoUsers.length > 0 && (
          <section aria-labelledby="demo-heading">
            <h2 id="demo-heading">{t('chat.signIn.demoHeading')}</h2>
            <ul className="demo-users">
              {demoUsers.map((user) => (
                <li key={user.id}>
                  <button type="button" className="demo-user" onClick={() => void pick(user)} disabled={busy !== undefined} data-testid={`demo-user-${user.id}`}>
                    <Avatar name={user.name} />
                    <span>
                      <strong>{user.name}</strong>
                      <span className="muted small">@{user.id}</span>
                    </span>
                    {busy === user.id && <span className="spinner" aria-label={t('common.loading')} />}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <form onSubmit={submit} className="token-form">
          <h2>{t('chat.signIn.tokenHeading')}</h2>
          <label>
            {t('chat.signIn.token')}
            <textarea value={token} onChange={(event) => setToken(event.target.value)} rows={3} spellCheck={false} placeholder="eyJhbGciOi…" />
          </label>
          <label>
            {t('chat.signIn.server')}
            <input value={url} onChange={(event) => setUrl(event.target.value)} type="url" />
          </label>
          <button type="submit" className="primary" disabled={!token.trim()}>
            {t('chat.signIn.connect')}
          </button>
        </form>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
    </main>
  )
}
