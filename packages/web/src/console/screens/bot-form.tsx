import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import './bots/bot-texts.js'

/** What the form creates (the `CreateBotRequest` of the bots API). */
export interface NewBot {
  id?: string
  name: string
  systemPrompt?: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider?: { baseUrl: string; model: string; apiKey?: string }
}

/** A change to a bot (the `UpdateBotRequest`): `provider: null` takes its model away. */
export interface BotChange {
  name: string
  systemPrompt?: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider?: { baseUrl: string; model: string; apiKey?: string } | null
}

/** A bot as the bots API lists it (the fields the console shows and edits). */
export interface BotRow {
  id: string
  name: string
  systemPrompt: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider: { baseUrl: string; model: string; apiKeySet: boolean } | null
}

interface BotFormProps {
  knowledgeBases: { id: string; name: string }[]
  /** Creates a bot (the form then starts blank again). */
  onCreate?: (bot: NewBot) => Promise<void>
  /** Edits this bot instead of creating one. */
  editing?: { bot: BotRow; onSave: (change: BotChange) => Promise<void> }
}

/** The form that creates or edits a bot: name, instructions, welcome, knowledge bases, and optionally a model provider. */
export function BotForm({ knowledgeBases, onCreate, editing }: BotFormProps) {
  const { t } = useTranslation()
  const initial = editing?.bot
  const [name, setName] = useState(initial?.name ?? '')
  const [id, setId] = useState('')
  const [systemPrompt, setSystemPrompt] = useState(initial?.systemPrompt ?? '')
  const [welcomeMessage, setWelcomeMessage] = useState(initial?.welcomeMessage ?? '')
  const [selected, setSelected] = useState<string[]>(initial?.knowledgeBaseIds ?? [])
  const [withModel, setWithModel] = useState(Boolean(initial?.provider))
  const [provider, setProvider] = useState({ baseUrl: initial?.provider?.baseUrl ?? '', model: initial?.provider?.model ?? '', apiKey: '' })
  const [saved, setSaved] = useState(false)
  const providerBody = () => ({ baseUrl: provider.baseUrl, model: provider.model, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSaved(false)
    if (editing) {
      try {
        await editing.onSave({
          name,
          knowledgeBaseIds: selected,
          ...(systemPrompt.trim() && systemPrompt !== initial?.systemPrompt ? { systemPrompt } : {}),
          ...(welcomeMessage !== (initial?.welcomeMessage ?? '') ? { welcomeMessage } : {}),
          ...(withModel ? { provider: providerBody() } : initial?.provider ? { provider: null } : {}),
        })
        setProvider({ ...provider, apiKey: '' })
        setSaved(true)
      } catch {
        // the screen shows the error; keep what was typed
      }
      return
    }
    try {
      await onCreate?.({
        name,
        knowledgeBaseIds: selected,
        ...(id.trim() ? { id: id.trim() } : {}),
        ...(systemPrompt.trim() ? { systemPrompt } : {}),
        ...(welcomeMessage.trim() ? { welcomeMessage } : {}),
        ...(withModel ? { provider: providerBody() } : {}),
      })
    } catch {
      return // the screen shows the error; keep what was typed
    }
    // The next bot starts from a blank form: a kept tick or prompt would silently give it the
    // first one's knowledge base or instructions.
    setName('')
    setId('')
    setSystemPrompt('')
    setWelcomeMessage('')
    setSelected([])
    setWithModel(false)
    setProvider({ baseUrl: '', model: '', apiKey: '' })
  }

  return (
    <form className="card stacked-form" onSubmit={submit} data-testid={editing ? 'bot-settings' : 'bot-create'}>
      <h2>{editing ? t('console.bots.editHeading', { name: initial?.name }) : t('console.bots.create')}</h2>
      <div className="inline-form">
        <label>
          {t('console.bots.name')}
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        </label>
        {!editing && (
          <label>
            {t('console.bots.idOptional')}
            <input value={id} onChange={(event) => setId(event.target.value)} maxLength={64} />
          </label>
        )}
      </div>
      <label>
        {t('console.bots.systemPrompt')}
        <textarea value={systemPrompt} onChange={(event) => setSystemPrompt(event.target.value)} rows={editing ? 5 : 3} placeholder={t('console.bots.systemPromptHint')} />
      </label>
      <label>
        {t('console.bots.welcome')}
        <input value={welcomeMessage} onChange={(event) => setWelcomeMessage(event.target.value)} maxLength={2000} />
      </label>
      <fieldset className="event-picker">
        <legend>{t('console.bots.knowledgeBases')}</legend>
        {knowledgeBases.length === 0 && <span className="muted small">{t('console.bots.noKnowledgeBases')}</span>}
        {knowledgeBases.map((base) => (
          <label key={base.id} className="check">
            <input type="checkbox" checked={selected.includes(base.id)} onChange={(event) => setSelected(event.target.checked ? [...selected, base.id] : selected.filter((item) => item !== base.id))} />
            {base.name}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={withModel} onChange={(event) => setWithModel(event.target.checked)} />
        {t('console.bots.useModel')}
      </label>
      {withModel ? (
        <div className="inline-form">
          <label className="grow">
            {t('console.bots.baseUrl')}
            <input type="url" value={provider.baseUrl} onChange={(event) => setProvider({ ...provider, baseUrl: event.target.value })} placeholder="https://api.deepseek.com/v1" required />
          </label>
          <label>
            {t('console.bots.model')}
            <input value={provider.model} onChange={(event) => setProvider({ ...provider, model: event.target.value })} placeholder="deepseek-chat" required />
          </label>
          <label>
            {t('console.bots.apiKey')}
            <input type="password" autoComplete="off" value={provider.apiKey} onChange={(event) => setProvider({ ...provider, apiKey: event.target.value })} aria-describedby={initial?.provider?.apiKeySet ? 'bot-key-kept' : undefined} />
          </label>
          {initial?.provider?.apiKeySet && (
            <span id="bot-key-kept" className="muted small">
              {t('console.bots.keepKey')}
            </span>
          )}
        </div>
      ) : (
        <p className="muted small">{t('console.bots.extractive')}</p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          {editing ? t('console.bots.save') : t('console.bots.create')}
        </button>
        <span className="muted small" role="status">
          {saved ? t('console.bots.saved') : ''}
        </span>
      </div>
    </form>
  )
}
