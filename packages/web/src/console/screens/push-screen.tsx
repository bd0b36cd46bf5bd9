import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { useStackedTable } from '../stacked-table.js'

/** One push, as `GET …/push/deliveries` lists it (the `PushDelivery` shape of @warbler/protocol). */
interface PushDelivery {
  id: string
  userId: string
  deviceId: string
  provider: 'webpush' | 'fcm' | 'apns' | 'hms'
  conversationId: string
  seq: number
  collapsed: number
  status: 'pending' | 'sent' | 'failed' | 'pruned' | 'skipped'
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  createdAt: number
  sentAt: number | null
}

interface Credential {
  provider: PushDelivery['provider']
  publicInfo: Record<string, unknown>
  updatedAt: number
}

const PROVIDERS: PushDelivery['provider'][] = ['webpush', 'fcm', 'apns', 'hms']
const STATUSES: PushDelivery['status'][] = ['sent', 'pending', 'failed', 'pruned', 'skipped']
const PILL: Record<PushDelivery['status'], string> = { sent: 'succeeded', pending: 'pending', failed: 'failed', pruned: 'failed', skipped: 'pending' }

/** Push notifications of the app: which providers are set up, outcomes per provider, and the delivery log. */
export function PushScreen({ appId }: ScreenProps) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const stackedTable2 = useStackedTable()
  const [draft, setDraft] = useState({ userId: '', status: '' })
  const [filters, setFilters] = useState({ userId: '', status: '' })
  const [older, setOlder] = useState<PushDelivery[]>([])
  const [next, setNext] = useState<string | null | undefined>()
  const [error, setError] = useState<Error | undefined>()
  const query = new URLSearchParams({ limit: '100', ...(filters.userId ? { userId: filters.userId } : {}), ...(filters.status ? { status: filters.status } : {}) }).toString()
  const credentials = useResource(() => (appId ? appApi<{ items: Credential[] }>(appId, 'GET', 'push/credentials') : Promise.resolve({ items: [] })), appId ?? '')
  const page = useResource(() => (appId ? appApi<{ items: PushDelivery[]; next: string | null }>(appId, 'GET', `push/deliveries?${query}`) : Promise.resolve({ items: [], next: null })), `${appId}:${query}`)
  const deliveries = [...(page.data?.items ?? []), ...older]
  const cursor = next === undefined ? page.data?.next : next

  if (!appId) return <p className="muted">{t('console.app.none')}</p>

  function apply(event: FormEvent) {
    event.preventDefault()
    setOlder([])
    setNext(undefined)
    setFilters(draft)
  }

  async function more() {
    if (!cursor || !appId) return
    try {
      const answer = await appApi<{ items: PushDelivery[]; next: string | null }>(appId, 'GET', `push/deliveries?${query}&before=${cursor}`)
      setOlder((list) => [...list, ...answer.items])
      setNext(answer.next)
    } catch (cause) {
      setError(cause as Error)
    }
  }

  const configured = new Set((credentials.data?.items ?? []).map((entry) => entry.provider))
  const counts = new Map<string, number>()
  for (const delivery of deliveries) counts.set(`${delivery.provider}:${delivery.status}`, (counts.get(`${delivery.provider}:${delivery.status}`) ?? 0) + 1)

  return (
    <section className="screen">
      <div className="screen-header">
        <h1>{t('console.push.heading')}</h1>
      </div>
      <p className="muted small">{t('console.push.explain')}</p>
      <ResourceState loading={credentials.loading} error={credentials.error} />
      <div className="table-wrap card">
        <table className="stacked-table" ref={stackedTable} data-testid="push-providers" aria-label={t('console.push.providers')}>
          <thead>
            <tr>
              <th>{t('console.push.provider')}</th>
              <th>{t('console.push.setUp')}</th>
              {STATUSES.map((status) => (
                <th key={status}>{t(`console.push.status.${status}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PROVIDERS.map((provider) => (
              <tr key={provider}>
                <td>{t(`console.push.providerName.${provider}`)}</td>
                <td>{configured.has(provider) ? t('console.push.configured') : t('console.push.notConfigured')}</td>
                {STATUSES.map((status) => (
                  <td key={status}>{counts.get(`${provider}:${status}`) ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="inline-form filters" onSubmit={apply}>
        <label>
          {t('console.push.filterUser')}
          <input value={draft.userId} onChange={(event) => setDraft({ ...draft, userId: event.target.value })} />
        </label>
        <label>
          {t('console.push.filterStatus')}
          <select value={draft.status} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t('console.push.anyStatus')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`console.push.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t('console.audit.apply')}
        </button>
      </form>
      <ActionError error={error} />
      <ResourceState loading={page.loading} error={page.error} />
      {page.data && deliveries.length === 0 && <p className="muted">{t('console.push.empty')}</p>}
      {deliveries.length > 0 && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable2} data-testid="push-deliveries">
            <thead>
              <tr>
                <th>{t('console.push.time')}</th>
                <th>{t('console.push.user')}</th>
                <th>{t('console.push.provider')}</th>
                <th>{t('console.push.outcome')}</th>
                <th>{t('console.push.details')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id} data-testid="push-row">
                  <td className="nowrap">{formatDateTime(delivery.createdAt, i18n.language)}</td>
                  <td>
                    {delivery.userId} <span className="muted small">· {delivery.deviceId}</span>
                  </td>
                  <td>{t(`console.push.providerName.${delivery.provider}`)}</td>
                  <td>
                    <span className={`pill pill-${PILL[delivery.status]}`}>{t(`console.push.status.${delivery.status}`)}</span>
                  </td>
                  <td className="small">
                    {t('console.webhooks.attempts', { count: delivery.attempts })}
                    {delivery.collapsed > 1 && ` · ${t('console.push.collapsed', { count: delivery.collapsed })}`}
                    {delivery.lastStatusCode !== null && ` · HTTP ${delivery.lastStatusCode}`}
                    {delivery.lastError && <span className={delivery.status === 'failed' ? 'error' : 'muted'}> · {delivery.lastError}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t('console.audit.more')}
        </button>
      )}
    </section>
  )
}
