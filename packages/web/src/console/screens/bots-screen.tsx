import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'

interface BotRow {
  id: string
  name: string
  knowledgeBaseIds?: string[]
}

/** Bots of the app (when the server offers the bots API): list and create. */
export function BotsScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const bots = useResource(() => (appId ? appApi<{ bots: BotRow[] }>(appId, 'GET', 'bots') : Promise.resolve({ bots: [] })), `${appId}`)
  const [name, setName] = useState('')
  const [knowledgeBaseIds, setKnowledgeBaseIds] = useState('')
  const [error, setError] = useState<Error | undefined>()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!appId) return
    setError(undefined)
    try {
      const ids = knowledgeBaseIds.split(/[,\s]+/).filter(Boolean)
      await appApi(appId, 'POST', 'bots', { name, ...(ids.length ? { knowledgeBaseIds: ids } : {}) })
      setName('')
      bots.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.bots.heading')}</h1>
      <ResourceState loading={bots.loading} error={bots.error} />
      {bots.data && (
        <>
          {can('apps.manage') && (
            <form className="inline-form" onSubmit={create}>
              <label>
                {t('console.bots.name')}
                <input value={name} onChange={(event) => setName(event.target.value)} required />
              </label>
              <label>
                {t('console.bots.knowledgeBases')}
                <input value={knowledgeBaseIds} onChange={(event) => setKnowledgeBaseIds(event.target.value)} placeholder="kb_…" />
              </label>
              <button type="submit" className="primary">
                {t('console.bots.create')}
              </button>
            </form>
          )}
          <ActionError error={error} />
          <ul className="card-list">
            {bots.data.bots.map((bot) => (
              <li key={bot.id} className="card">
                <strong>{bot.name}</strong> <span className="mono muted">{bot.id}</span>
                {bot.knowledgeBaseIds && bot.knowledgeBaseIds.length > 0 && <p className="muted small">{bot.knowledgeBaseIds.join(', ')}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
