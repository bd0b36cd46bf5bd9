import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi, consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useHashParam } from '../use-hash-param.js'
import { useResource } from '../use-resource.js'
import { UserDetail } from './users/user-detail.js'
import './users/user-texts.js'
import { useStackedTable } from '../stacked-table.js'

interface UserRow {
  id: string
  name: string
  kind: 'person' | 'bot'
  banned: boolean
}

/** Users of the app: search, ban or unban, revoke tokens. */
export function UsersScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const stackedTable = useStackedTable()
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const users = useResource(
    () => (appId ? consoleApi<{ users: UserRow[] }>('GET', `/apps/${appId}/users?q=${encodeURIComponent(search)}`) : Promise.resolve({ users: [] })),
    `${appId}:${search}`,
  )
  const [error, setError] = useState<Error | undefined>()
  const [note, setNote] = useState<string | undefined>()
  const openId = useHashParam('id')

  async function act(run: () => Promise<unknown>, done?: string) {
    setError(undefined)
    setNote(undefined)
    try {
      await run()
      if (done) setNote(done)
      users.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  if (openId && appId) {
    return (
      <section className="screen">
        <h1>{t('console.users.heading')}</h1>
        <UserDetail key={openId} appId={appId} userId={openId} canModerate={can('users.moderate')} onBack={() => (location.hash = '#/users')} />
      </section>
    )
  }

  return (
    <section className="screen">
      <h1>{t('console.users.heading')}</h1>
      <form
        className="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          setSearch(query.trim())
        }}
      >
        <label>
          {t('console.users.search')}
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        <button type="submit" className="secondary">
          {t('common.search')}
        </button>
      </form>
      <ActionError error={error} />
      {note && (
        <p className="notice-box" role="status">
          {note}
        </p>
      )}
      <ResourceState loading={users.loading} error={users.error} />
      {users.data && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable} data-testid="users-table">
            <thead>
              <tr>
                <th>{t('console.users.id')}</th>
                <th>{t('console.users.name')}</th>
                <th>{t('console.users.kind')}</th>
                <th>{t('console.users.status')}</th>
                <th>
                  <span className="visually-hidden">{t('console.users.moderation')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id} data-testid={`user-${user.id}`}>
                  <td className="mono" data-label={t('console.users.id')}>{user.id}</td>
                  <td data-label={t('console.users.name')}>
                    <a href={`#/users?id=${encodeURIComponent(user.id)}`} aria-label={t('console.users.open', { name: user.name })}>
                      {user.name}
                    </a>
                  </td>
                  <td data-label={t('console.users.kind')}>{t(`console.users.${user.kind}`)}</td>
                  <td data-label={t('console.users.status')}>{user.banned ? <span className="pill pill-danger">{t('console.users.banned')}</span> : <span className="pill">{t('console.users.active')}</span>}</td>
                  <td className="actions">
                    {can('users.moderate') && appId && (
                      <>
                        <button type="button" className={user.banned ? 'secondary' : 'danger'} onClick={() => void act(() => appApi(appId, 'PUT', `users/${encodeURIComponent(user.id)}/ban`, { banned: !user.banned }))}>
                          {user.banned ? t('console.users.unban') : t('console.users.ban')}
                        </button>
                        <button
                          type="button"
                          className="ghost"
                          onClick={() => void act(() => appApi(appId, 'DELETE', `users/${encodeURIComponent(user.id)}/tokens`), t('console.users.revoked', { id: user.id }))}
                        >
                          {t('console.users.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
