import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { useStackedTable } from '../stacked-table.js'

interface AuditEntry {
  id: number
  ts: number
  actorType: string
  actorId: string | null
  action: string
  appId: string | null
  target: string | null
  status: number | null
  ip: string | null
  userAgent: string | null
}

interface Filters {
  actor: string
  action: string
  appId: string
  from: string
  to: string
}

const EMPTY: Filters = { actor: '', action: '', appId: '', from: '', to: '' }

function queryOf(filters: Filters): string {
  const params = new URLSearchParams()
  if (filters.actor) params.set('actor', filters.actor)
  if (filters.action) params.set('action', filters.action)
  if (filters.appId) params.set('appId', filters.appId)
  if (filters.from) params.set('from', String(new Date(filters.from).getTime()))
  if (filters.to) params.set('to', String(new Date(filters.to).getTime()))
  return params.toString()
}

/** The audit log: who did what, when, from where; filters and CSV export. */
export function AuditScreen(_props: ScreenProps) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const [draft, setDraft] = useState<Filters>(EMPTY)
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const [older, setOlder] = useState<AuditEntry[]>([])
  const [error, setError] = useState<Error | undefined>()
  const query = queryOf(filters)
  const page = useResource(() => consoleApi<{ entries: AuditEntry[]; next: number | null }>('GET', `/audit?${query}`), query)
  const entries = [...(page.data?.entries ?? []), ...older]
  const [next, setNext] = useState<number | null | undefined>()
  const cursor = next === undefined ? page.data?.next : next

  function apply(event: FormEvent) {
    event.preventDefault()
    setOlder([])
    setNext(undefined)
    setFilters(draft)
  }

  async function more() {
    if (!cursor) return
    try {
      const answer = await consoleApi<{ entries: AuditEntry[]; next: number | null }>('GET', `/audit?${query}&beforeId=${cursor}`)
      setOlder((list) => [...list, ...answer.entries])
      setNext(answer.next)
    } catch (cause) {
      setError(cause as Error)
    }
  }

  const field = (key: keyof Filters, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </label>
  )

  return (
    <section className="screen">
      <div className="screen-header">
        <h1>{t('console.audit.heading')}</h1>
        <a className="button secondary" href={`/api/v1/console/audit.csv?${query}`} download data-testid="audit-export">
          {t('console.audit.export')}
        </a>
      </div>
      <form className="inline-form filters" onSubmit={apply}>
        {field('actor', t('console.audit.filterActor'))}
        {field('action', t('console.audit.filterAction'))}
        {field('appId', t('console.audit.filterApp'))}
        {field('from', t('console.audit.filterFrom'), 'datetime-local')}
        {field('to', t('console.audit.filterTo'), 'datetime-local')}
        <button type="submit" className="secondary">
          {t('console.audit.apply')}
        </button>
      </form>
      <ActionError error={error} />
      <ResourceState loading={page.loading} error={page.error} />
      {page.data && (
        // A wide table scrolls sideways: the region takes focus so a keyboard can scroll it too.
        <div className="table-wrap card" tabIndex={0} role="region" aria-label={t('console.audit.heading')}>
          <table className="stacked-table" ref={stackedTable} data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('console.audit.time')}</th>
                <th>{t('console.audit.actor')}</th>
                <th>{t('console.audit.action')}</th>
                <th>{t('console.audit.app')}</th>
                <th>{t('console.audit.target')}</th>
                <th>{t('console.audit.status')}</th>
                <th>{t('console.audit.from')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="nowrap" data-label={t('console.audit.time')}>{formatDateTime(entry.ts, i18n.language)}</td>
                  <td data-label={t('console.audit.actor')}>
                    <span className="pill">{entry.actorType}</span> {entry.actorId}
                  </td>
                  <td className="mono" data-label={t('console.audit.action')}>{entry.action}</td>
                  <td className="mono" data-label={t('console.audit.app')}>{entry.appId}</td>
                  <td className="mono small" data-label={t('console.audit.target')}>{entry.target}</td>
                  <td data-label={t('console.audit.status')}>{entry.status}</td>
                  <td className="small" data-label={t('console.audit.from')}>
                    {entry.ip}
                    {entry.userAgent && (
                      <div className="muted user-agent" title={entry.userAgent}>
                        {entry.userAgent}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 && <p className="muted">{t('common.empty')}</p>}
          {cursor && (
            <button type="button" className="ghost" onClick={() => void more()}>
              {t('console.audit.more')}
            </button>
          )}
        </div>
      )}
    </section>
  )
}
