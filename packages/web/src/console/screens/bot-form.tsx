import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'

/** What the form creates (the `CreateBotRequest` of the bots API). */
export interface NewBot {
  id?: string
  name: string
  systemPrompt?: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider?: { baseUrl: string; model: string; apiKey?: string }
}

/** The form that creates a bot: name, knowledge bases, and optionally a model provider. */
export function BotForm({ knowledgeBases, onCreate }: { knowledgeBases: { id: string; name: string }[]; onCreate: (bot: NewBot) => Promise<void> }) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [id, setId] = useState('')
  const [systemPrompt, setSystemPrompt] = useState('')
  const [welcomeMessage, setWelcomeMessage] = useState('')
  const [selected, setSelected] = useState<string[]>([])
  const [withModel, setWithModel] = useState(false)
  const [provider, setProvider] = useState({ baseUrl: '', model: '', apiKey: '' })

  async function submit(event: FormEvent) {
    event.preventDefault()
    try {
      await onCreate({
      name,
      knowledgeBaseIds: selected,
      ...(id.trim() ? { id: id.trim() } : {}),
      ...(systemPrompt.trim() ? { systemPrompt } : {}),
      ...(welcomeMessage.trim() ? { welcomeMessage } : {}),
      ...(withModel ? { provider: { baseUrl: provider.baseUrl, model: provider.model, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) } } : {}),
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
    <form className="card stacked-form" onSubmit={submit}>
      <h2>{t('console.bots.create')}</h2>
      <div className="inline-form">
        <label>
          {t('console.bots.name')}
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        </label>
        <label>
          {t('console.bots.idOptional')}
          <input value={id} onChange={(event) => setId(event.target.value)} maxLength={64} />
        </label>
      </div>
      <label>
        {t('console.bots.systemPrompt')}
        <textarea value={systemPrompt} onChange={(event) => setSystemPrompt(event.target.value)} rows={3} placeholder={t('console.bots.systemPromptHint')} />
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
            <input type="password" autoComplete="off" value={provider.apiKey} onChange={(event) => setProvider({ ...provider, apiKey: event.target.value })} />
          </label>
        </div>
      ) : (
        <p className="muted small">{t('console.bots.extractive')}</p>
      )}
      <div>
        <button type="submit" className="primary">
          {t('console.bots.create')}
        </button>
      </div>
    </form>
  )
}
