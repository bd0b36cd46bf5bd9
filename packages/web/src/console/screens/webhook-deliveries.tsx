import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { appApi } from '../console-api.js'
import { ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { useStackedTable } from '../stacked-table.js'

/** One delivery, as `GET …/webhooks/{id}/deliveries` lists it (the `WebhookDelivery` shape of @warbler/protocol). */
interface WebhookDelivery {
  id: string
  type: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  createdAt: number
}

/** The delivery log of one webhook, with replay. */
export function WebhookDeliveries({ appId, webhookId, canReplay }: { appId: string; webhookId: string; canReplay: boolean }) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const deliveries = useResource(() => appApi<{ deliveries: WebhookDelivery[] }>(appId, 'GET', `webhooks/${webhookId}/deliveries`), `${appId}:${webhookId}`)
  return (
    <div className="deliveries">
      <ResourceState loading={deliveries.loading} error={deliveries.error} />
      {deliveries.data && deliveries.data.deliveries.length === 0 && <p className="muted small">{t('common.empty')}</p>}
      {deliveries.data && deliveries.data.deliveries.length > 0 && (
        <table className="stacked-table" ref={stackedTable}>
          <tbody>
            {deliveries.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td className="nowrap">{formatDateTime(delivery.createdAt, i18n.language)}</td>
                <td className="mono">{delivery.type}</td>
                <td>
                  <span className={`pill pill-${delivery.status}`}>{t(`console.webhooks.status.${delivery.status}`)}</span>
                </td>
                <td className="small">
                  {t('console.webhooks.attempts', { count: delivery.attempts })}
                  {delivery.lastStatusCode !== null && ` · HTTP ${delivery.lastStatusCode}`}
                  {delivery.lastError && <span className="error"> · {delivery.lastError}</span>}
                </td>
                <td>
                  {canReplay && (
                    <button type="button" className="ghost" onClick={() => void appApi(appId, 'POST', `webhooks/${webhookId}/deliveries/${delivery.id}/replay`).then(deliveries.reload, deliveries.reload)}>
                      {t('console.webhooks.replay')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
