import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { BotForm, type NewBot } from './bot-form.js'

interface BotRow {
  id: string
  name: string
  systemPrompt: string
  knowledgeBaseIds: string[]
  provider: { baseUrl: string; model: string; apiKeySet: boolean } | null
}

/** Bots of the app (when the server offers the bots API): list, with their knowledge and model; create. */
export function BotsScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const bots = useResource(() => (appId ? appApi<{ bots: BotRow[] }>(appId, 'GET', 'bots') : Promise.resolve({ bots: [] })), `${appId}`)
  const bases = useResource(
    () => (appId ? appApi<{ knowledgeBases: { id: string; name: string }[] }>(appId, 'GET', 'knowledge-bases') : Promise.resolve({ knowledgeBases: [] })),
    `${appId}`,
  )
  const [error, setError] = useState<Error | undefined>()
  const baseName = (id: string) => bases.data?.knowledgeBases.find((base) => base.id === id)?.name ?? id

  async function create(bot: NewBot) {
    if (!appId) return
    setError(undefined)
    try {
      await appApi(appId, 'POST', 'bots', bot)
      bots.reload()
    } catch (cause) {
      setError(cause as Error)
      throw cause
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.bots.heading')}</h1>
      <ResourceState loading={bots.loading} error={bots.error} />
      {bots.data && (
        <>
          <ul className="card-list">
            {bots.data.bots.map((bot) => (
              <li key={bot.id} className="card" data-testid={`bot-${bot.id}`}>
                <div className="row">
                  <strong>{bot.name}</strong>
                  <span className="mono muted small">{bot.id}</span>
                </div>
                <p className="small">
                  {bot.provider ? t('console.bots.modelIs', { model: bot.provider.model }) : t('console.bots.extractiveShort')}
                  {bot.knowledgeBaseIds.length > 0 && ` · ${t('console.bots.knowledgeBases')}: ${bot.knowledgeBaseIds.map(baseName).join(', ')}`}
                </p>
              </li>
            ))}
            {bots.data.bots.length === 0 && <p className="muted">{t('common.empty')}</p>}
          </ul>
          <ActionError error={error} />
          {can('apps.manage') && <BotForm knowledgeBases={bases.data?.knowledgeBases ?? []} onCreate={create} />}
        </>
      )}
    </section>
  )
}
