import { WEBHOOK_EVENT_TYPES } from '@warbler/protocol'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { SecretOnce } from './secret-once.js'
import { WebhookDeliveries } from './webhook-deliveries.js'

/** A webhook as the API lists it (the `Webhook` shape of @warbler/protocol). */
interface Webhook {
  id: string
  url: string
  events: string[]
  enabled: boolean
}

/** Webhooks of the app (when the server offers them): add, and each one's delivery log with replay. */
export function WebhooksScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const hooks = useResource(() => (appId ? appApi<{ webhooks: Webhook[] }>(appId, 'GET', 'webhooks') : Promise.resolve({ webhooks: [] })), `${appId}`)
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<string[]>(['message.created'])
  const [secret, setSecret] = useState<string | undefined>()
  const [open, setOpen] = useState<string | undefined>()
  const [error, setError] = useState<Error | undefined>()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!appId) return
    setError(undefined)
    try {
      const created = await appApi<{ id: string; secret: string }>(appId, 'POST', 'webhooks', { url, events })
      setSecret(created.secret)
      setUrl('')
      hooks.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.webhooks.heading')}</h1>
      <p className="muted">{t('console.webhooks.explain')}</p>
      <ResourceState loading={hooks.loading} error={hooks.error} />
      {hooks.data && appId && (
        <>
          {can('apps.manage') && (
            <form className="inline-form" onSubmit={create}>
              <label className="grow">
                {t('console.webhooks.url')}
                <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} required />
              </label>
              <fieldset className="event-picker">
                <legend>{t('console.webhooks.events')}</legend>
                {['*', ...WEBHOOK_EVENT_TYPES].map((type) => (
                  <label key={type} className="check">
                    <input
                      type="checkbox"
                      checked={events.includes(type)}
                      onChange={(event) => setEvents(event.target.checked ? [...events, type] : events.filter((item) => item !== type))}
                    />
                    {type === '*' ? <span>{t('console.webhooks.allEvents')}</span> : <span className="mono">{type}</span>}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="primary">
                {t('console.webhooks.create')}
              </button>
            </form>
          )}
          <ActionError error={error} />
          {secret && <SecretOnce label={t('console.webhooks.secretOnce')} secret={secret} onClose={() => setSecret(undefined)} />}
          {hooks.data.webhooks.length === 0 && <p className="muted" data-testid="webhooks-empty">{t('console.webhooks.empty')}</p>}
          <ul className="card-list">
            {hooks.data.webhooks.map((hook) => (
              <li key={hook.id} className="card">
                <div className="row">
                  <span className="mono">{hook.url}</span>
                  <span className="muted small">{hook.events.map((type) => (type === '*' ? t('console.webhooks.allEvents') : type)).join(', ')}</span>
                  {!hook.enabled && <span className="pill">{t('console.webhooks.disabled')}</span>}
                  <button type="button" className="ghost" aria-expanded={open === hook.id} onClick={() => setOpen(open === hook.id ? undefined : hook.id)}>
                    {t('console.webhooks.deliveries')}
                  </button>
                </div>
                {open === hook.id && <WebhookDeliveries appId={appId} webhookId={hook.id} canReplay={can('apps.manage')} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
