import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { appApi } from '../console-api.js'
import { ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'

interface Delivery {
  id: string
  event?: string
  status?: string | number
  attempts?: number
  createdAt?: number
  responseStatus?: number
}

/** The delivery log of one webhook, with replay. */
export function WebhookDeliveries({ appId, webhookId, canReplay }: { appId: string; webhookId: string; canReplay: boolean }) {
  const { t, i18n } = useTranslation()
  const deliveries = useResource(() => appApi<{ deliveries: Delivery[] }>(appId, 'GET', `webhooks/${webhookId}/deliveries`), `${appId}:${webhookId}`)
  return (
    <div className="deliveries">
      <ResourceState loading={deliveries.loading} error={deliveries.error} />
      {deliveries.data && (
        <table>
          <tbody>
            {deliveries.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{delivery.createdAt ? formatDateTime(delivery.createdAt, i18n.language) : ''}</td>
                <td>{delivery.event}</td>
                <td>{String(delivery.status ?? '')}</td>
                <td>{delivery.responseStatus}</td>
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
