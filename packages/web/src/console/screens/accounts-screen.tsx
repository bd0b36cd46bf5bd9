import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleApi, type ConsoleAccount } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { useStackedTable } from '../stacked-table.js'

const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const

/** Console accounts: list; owners add accounts and change roles. */
export function AccountsScreen({ can }: ScreenProps) {
  const { t } = useTranslation()
  const stackedTable = useStackedTable()
  const accounts = useResource(() => consoleApi<{ accounts: ConsoleAccount[] }>('GET', '/accounts'), 'accounts')
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'viewer' as (typeof ROLES)[number] })
  const [error, setError] = useState<Error | undefined>()
  const manage = can('accounts.manage')

  async function run(action: () => Promise<unknown>) {
    setError(undefined)
    try {
      await action()
      accounts.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  function create(event: FormEvent) {
    event.preventDefault()
    void run(async () => {
      await consoleApi('POST', '/accounts', form)
      setForm({ ...form, email: '', name: '', password: '' })
    })
  }

  return (
    <section className="screen">
      <h1>{t('console.accounts.heading')}</h1>
      {manage && (
        <form className="inline-form" onSubmit={create}>
          <label>
            {t('console.accounts.email')}
            <input type="email" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} required />
          </label>
          <label>
            {t('console.accounts.name')}
            <input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          </label>
          <label>
            {t('console.accounts.password')}
            <input type="password" autoComplete="new-password" minLength={10} value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} required />
          </label>
          <label>
            {t('console.accounts.role')}
            <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as (typeof ROLES)[number] })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`console.role.${role}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('console.accounts.create')}
          </button>
        </form>
      )}
      <ActionError error={error} />
      <ResourceState loading={accounts.loading} error={accounts.error} />
      {accounts.data && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable}>
            <thead>
              <tr>
                <th>{t('console.accounts.email')}</th>
                <th>{t('console.accounts.name')}</th>
                <th>{t('console.accounts.role')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {accounts.data.accounts.map((account) => (
                <tr key={account.id}>
                  <td>{account.email}</td>
                  <td>{account.name}</td>
                  <td>
                    {manage ? (
                      <select aria-label={`${t('console.accounts.role')}: ${account.email}`} value={account.role} onChange={(event) => void run(() => consoleApi('PATCH', `/accounts/${account.id}`, { role: event.target.value }))}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`console.role.${role}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`console.role.${account.role}`)
                    )}
                  </td>
                  <td className="actions">
                    {account.disabled && <span className="pill pill-danger">{t('console.accounts.disabled')}</span>}
                    {manage && (
                      <button type="button" className="ghost" onClick={() => void run(() => consoleApi('PATCH', `/accounts/${account.id}`, { disabled: !account.disabled }))}>
                        {account.disabled ? t('console.accounts.enable') : t('console.accounts.disable')}
                      </button>
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
