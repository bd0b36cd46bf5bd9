import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { ActionError } from '../../status-views.js'
import { BotForm, type BotChange, type BotRow } from '../bot-form.js'
import { BotTestChat } from './bot-test-chat.js'
import './bot-texts.js'

interface BotDetailProps {
  appId: string
  bot: BotRow
  knowledgeBases: { id: string; name: string }[]
  tools: { id: string; name: string }[]
  canManage: boolean
  onBack: () => void
  onChanged: () => void
  onDeleted: (name: string) => void
}

/** One bot: its settings (editable), the test chat beside them, and delete with a confirmation. */
export function BotDetail({ appId, bot, knowledgeBases, tools, canManage, onBack, onChanged, onDeleted }: BotDetailProps) {
  const { t } = useTranslation()
  const [error, setError] = useState<Error | undefined>()
  const [confirming, setConfirming] = useState(false)
  const path = `bots/${encodeURIComponent(bot.id)}`

  async function save(change: BotChange): Promise<BotRow> {
    setError(undefined)
    try {
      const updated = await appApi<BotRow>(appId, 'PATCH', path, change)
      onChanged()
      return updated
    } catch (cause) {
      setError(cause as Error)
      throw cause
    }
  }

  async function remove() {
    setError(undefined)
    try {
      await appApi(appId, 'DELETE', path)
      onDeleted(bot.name)
    } catch (cause) {
      setError(cause as Error)
      setConfirming(false)
    }
  }

  return (
    <div className="bot-detail" data-testid="bot-detail">
      <div className="row">
        <button type="button" className="ghost back-link" onClick={onBack}>
          ← {t('console.bots.back')}
        </button>
        <span className="mono muted small">{bot.id}</span>
      </div>
      <ActionError error={error} />
      <div className="bot-workbench">
        <div className="stacked-form">
          {canManage ? <BotForm key={bot.id} knowledgeBases={knowledgeBases} tools={tools} editing={{ bot, onSave: save }} /> : <h2>{bot.name}</h2>}
          {canManage && (
            <div className="card danger-zone">
              {confirming ? (
                <div role="alertdialog" aria-labelledby="delete-bot-question" className="stacked-form">
                  <p id="delete-bot-question">{t('console.bots.confirmDelete', { name: bot.name })}</p>
                  <div className="row">
                    <button type="button" className="danger" onClick={() => void remove()} autoFocus>
                      {t('console.bots.confirmDeleteButton')}
                    </button>
                    <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" className="danger" onClick={() => setConfirming(true)}>
                  {t('console.bots.delete')}
                </button>
              )}
            </div>
          )}
        </div>
        <BotTestChat appId={appId} botId={bot.id} />
      </div>
    </div>
  )
}
