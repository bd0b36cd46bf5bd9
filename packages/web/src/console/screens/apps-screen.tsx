import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { SecretOnce } from './secret-once.js'
import { DeleteAppPanel } from './delete-app-panel.js'
import { useStackedTable } from '../stacked-table.js'

interface AppRow {
  id: string
  name: string
  createdAt: number
}

/**
 * The app just deleted, for the notice: deleting the selected app changes the app picker, which
 * mounts this screen anew, so the notice outlives that one remount.
 */
let deletedNotice: { name: string; at: number } | undefined

/** Apps: list, create, rotate the secret (shown once), delete one (with the operator key). */
export function AppsScreen({ can, onAppsChanged }: ScreenProps) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const apps = useResource(() => consoleApi<{ apps: AppRow[] }>('GET', '/apps'), 'apps')
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<{ name: string; secret: string } | undefined>()
  const [error, setError] = useState<Error | undefined>()
  const [deleting, setDeleting] = useState<AppRow | undefined>()
  const [deleted, setDeleted] = useState<string | undefined>(() => {
    const notice = deletedNotice
    deletedNotice = undefined
    return notice && Date.now() - notice.at < 10_000 ? notice.name : undefined
  })

  async function create(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      const created = await consoleApi<{ id: string; name: string; secret: string }>('POST', '/apps', { name })
      setSecret({ name: created.name, secret: created.secret })
      setName('')
      apps.reload()
      onAppsChanged()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  async function rotate(app: AppRow) {
    if (!window.confirm(t('console.apps.rotateConfirm', { name: app.name }))) return
    setError(undefined)
    try {
      const rotated = await consoleApi<{ secret: string }>('POST', `/apps/${app.id}/secret`)
      setSecret({ name: app.name, secret: rotated.secret })
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.apps.heading')}</h1>
      {can('apps.manage') && (
        <form className="inline-form" onSubmit={create}>
          <label>
            {t('console.apps.newName')}
            <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
          </label>
          <button type="submit" className="primary">
            {t('console.apps.create')}
          </button>
        </form>
      )}
      <ActionError error={error} />
      {deleted && (
        <p className="notice-box" role="status">
          {t('console.apps.deleted', { name: deleted })}
        </p>
      )}
      {deleting && (
        <DeleteAppPanel
          app={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            deletedNotice = { name: deleting.name, at: Date.now() }
            setDeleted(deleting.name)
            setDeleting(undefined)
            apps.reload()
            onAppsChanged()
          }}
        />
      )}
      {secret && <SecretOnce label={t('console.apps.secretOnce', { name: secret.name })} secret={secret.secret} onClose={() => setSecret(undefined)} />}
      <ResourceState loading={apps.loading} error={apps.error} />
      {apps.data && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable}>
            <thead>
              <tr>
                <th>{t('console.apps.name')}</th>
                <th>{t('console.apps.id')}</th>
                <th>{t('console.apps.created')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {apps.data.apps.map((app) => (
                <tr key={app.id}>
                  <td id={`app-name-${app.id}`}>{app.name}</td>
                  <td className="mono">{app.id}</td>
                  <td>{formatDateTime(app.createdAt, i18n.language)}</td>
                  <td className="actions">
                    {can('apps.manage') && (
                      <>
                        <button type="button" className="secondary" onClick={() => void rotate(app)}>
                          {t('console.apps.rotate')}
                        </button>
                        <button
                          type="button"
                          className="ghost danger-text"
                          aria-describedby={`app-name-${app.id}`}
                          onClick={() => {
                            setDeleted(undefined)
                            setDeleting(app)
                          }}
                        >
                          {t('console.apps.delete')}
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
