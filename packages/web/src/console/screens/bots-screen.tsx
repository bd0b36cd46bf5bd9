import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { BotForm, type BotRow, type NewBot } from './bot-form.js'
import { BotDetail } from './bots/bot-detail.js'

/** Bots of the app: list with their knowledge and model; create; open one to edit, try or delete it. */
export function BotsScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const bots = useResource(() => (appId ? appApi<{ bots: BotRow[] }>(appId, 'GET', 'bots') : Promise.resolve({ bots: [] })), `${appId}`)
  const bases = useResource(
    () => (appId ? appApi<{ knowledgeBases: { id: string; name: string }[] }>(appId, 'GET', 'knowledge-bases') : Promise.resolve({ knowledgeBases: [] })),
    `${appId}`,
  )
  const [error, setError] = useState<Error | undefined>()
  const [openId, setOpenId] = useState<string | undefined>()
  const [note, setNote] = useState('')
  const tools = useResource(() => (appId ? appApi<{ tools: { id: string; name: string }[] }>(appId, 'GET', 'tools').catch(() => ({ tools: [] })) : Promise.resolve({ tools: [] })), `${appId}`)
  const baseName = (id: string) => bases.data?.knowledgeBases.find((base) => base.id === id)?.name ?? id
  const open = bots.data?.bots.find((bot) => bot.id === openId)

  async function create(bot: NewBot) {
    if (!appId) return
    setError(undefined)
    setNote('')
    try {
      await appApi(appId, 'POST', 'bots', bot)
      bots.reload()
    } catch (cause) {
      setError(cause as Error)
      throw cause
    }
  }

  return (
    <section className="screen bots-screen">
      <h1>{t('console.bots.heading')}</h1>
      <p className="visually-hidden" role="status">
        {note}
      </p>
      <ResourceState loading={bots.loading} error={bots.error} />
      {bots.data && appId && open && (
        <BotDetail
          appId={appId}
          bot={open}
          knowledgeBases={bases.data?.knowledgeBases ?? []}
          tools={tools.data?.tools ?? []}
          canManage={can('apps.manage')}
          onBack={() => setOpenId(undefined)}
          onChanged={() => bots.reload()}
          onDeleted={(name) => {
            setOpenId(undefined)
            setNote(t('console.bots.deleted', { name }))
            bots.reload()
          }}
        />
      )}
      {bots.data && !open && (
        <>
          {note && <p className="notice-box">{note}</p>}
          <ul className="card-list">
            {bots.data.bots.map((bot) => (
              <li key={bot.id} className="card" data-testid={`bot-${bot.id}`}>
                <div className="row">
                  <strong>{bot.name}</strong>
                  <span className="mono muted small">{bot.id}</span>
                </div>
                <div className="row">
                  <p className="small">
                    {bot.provider ? t('console.bots.modelIs', { model: bot.provider.model }) : t('console.bots.extractiveShort')}
                    {bot.knowledgeBaseIds.length > 0 && ` · ${t('console.bots.knowledgeBases')}: ${bot.knowledgeBaseIds.map(baseName).join(', ')}`}
                  </p>
                  {can('messages.send') && (
                    <button type="button" className="secondary" onClick={() => setOpenId(bot.id)} aria-label={`${can('apps.manage') ? t('console.bots.edit') : t('console.bots.try')}: ${bot.name}`}>
                      {can('apps.manage') ? `${t('console.bots.edit')} · ${t('console.bots.try')}` : t('console.bots.try')}
                    </button>
                  )}
                </div>
              </li>
            ))}
            {bots.data.bots.length === 0 && <p className="muted">{t('common.empty')}</p>}
          </ul>
          <ActionError error={error} />
          {can('apps.manage') && <BotForm knowledgeBases={bases.data?.knowledgeBases ?? []} tools={tools.data?.tools ?? []} onCreate={create} />}
        </>
      )}
    </section>
  )
}
