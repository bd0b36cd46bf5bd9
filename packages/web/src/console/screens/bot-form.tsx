import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { parseTuning, tuningDraft, type BotTuning, type FieldError, type TuningChange, type TuningField } from './bots/bot-settings.js'
import { BotTuningFields } from './bots/bot-tuning-fields.js'
import './bots/bot-texts.js'

/** The settings both forms send beyond name, instructions and knowledge (nulls only in a change). */
type Tuning = Omit<TuningChange, 'fallbackModels' | 'temperature' | 'maxOutputTokens'>

/** What the form creates (the `CreateBotRequest` of the bots API). */
export interface NewBot extends Tuning {
  id?: string
  name: string
  systemPrompt?: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider?: { baseUrl: string; model: string; apiKey?: string; fallbackModels: string[] }
  temperature?: number
  maxOutputTokens?: number
}

/** A change to a bot (the `UpdateBotRequest`): `provider: null` takes its model away. */
export interface BotChange extends Partial<Tuning> {
  name: string
  systemPrompt?: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider?: { baseUrl: string; model: string; apiKey?: string; fallbackModels: string[] } | null
  temperature?: number | null
  maxOutputTokens?: number | null
}

/** A bot as the bots API lists it (the fields the console shows and edits). */
export interface BotRow extends BotTuning {
  id: string
  name: string
  systemPrompt: string
  welcomeMessage?: string
  knowledgeBaseIds: string[]
  provider: { baseUrl: string; model: string; apiKeySet: boolean; fallbackModels?: string[] } | null
}

interface BotFormProps {
  knowledgeBases: { id: string; name: string }[]
  /** The app's tools a bot may be given. */
  tools?: { id: string; name: string }[]
  /** Creates a bot (the form then starts blank again). */
  onCreate?: (bot: NewBot) => Promise<void>
  /** Edits this bot instead of creating one. */
  editing?: { bot: BotRow; onSave: (change: BotChange) => Promise<BotRow | void> }
}

/** The form that creates or edits a bot: name, instructions, welcome, knowledge bases, and optionally a model provider. */
export function BotForm({ knowledgeBases, tools = [], onCreate, editing }: BotFormProps) {
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
  const [tuning, setTuning] = useState(() => tuningDraft(initial))
  const [errors, setErrors] = useState<Partial<Record<TuningField, FieldError>>>({})
  const providerBody = (fallbackModels: string[]) => ({ baseUrl: provider.baseUrl, model: provider.model, fallbackModels, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSaved(false)
    const parsed = parseTuning(tuning)
    setErrors(parsed.errors)
    if (!parsed.change) {
      // Say which fields are wrong and take the keyboard to the first one.
      const form = event.currentTarget as HTMLFormElement
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    const { fallbackModels, temperature, maxOutputTokens, ...rest } = parsed.change
    if (editing) {
      try {
        const updated = await editing.onSave({
          name,
          knowledgeBaseIds: selected,
          ...rest,
          // null removes a value that was set; nothing to send when none was.
          ...(temperature !== null || initial?.temperature !== undefined ? { temperature } : {}),
          ...(maxOutputTokens !== null || initial?.maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
          // Cleared instructions are sent empty: the API puts its default ones back.
          ...(systemPrompt !== initial?.systemPrompt ? { systemPrompt: systemPrompt.trim() ? systemPrompt : '' } : {}),
          ...(welcomeMessage !== (initial?.welcomeMessage ?? '') ? { welcomeMessage } : {}),
          ...(withModel ? { provider: providerBody(fallbackModels) } : initial?.provider ? { provider: null } : {}),
        })
        setProvider({ ...provider, apiKey: '' })
        // Cleared instructions come back as the default the server put in their place.
        if (updated) setSystemPrompt(updated.systemPrompt)
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
        ...rest,
        ...(temperature !== null ? { temperature } : {}),
        ...(maxOutputTokens !== null ? { maxOutputTokens } : {}),
        ...(id.trim() ? { id: id.trim() } : {}),
        ...(systemPrompt.trim() ? { systemPrompt } : {}),
        ...(welcomeMessage.trim() ? { welcomeMessage } : {}),
        ...(withModel ? { provider: providerBody(fallbackModels) } : {}),
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
    setTuning(tuningDraft())
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
        <textarea name="systemPrompt" value={systemPrompt} onChange={(event) => setSystemPrompt(event.target.value)} rows={editing ? 5 : 3} placeholder={t('console.bots.systemPromptHint')} aria-describedby={editing ? 'bot-prompt-reset' : undefined} />
      </label>
      {editing && (
        <span id="bot-prompt-reset" className="muted small">
          {t('console.bots.systemPromptCleared')}
        </span>
      )}
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
      <BotTuningFields draft={tuning} onChange={setTuning} errors={errors} tools={tools} withModel={withModel} idPrefix={editing ? 'edit' : 'new'} />
      {Object.keys(errors).length > 0 && (
        <p className="error small" role="alert" data-testid="bot-form-errors">
          {t('console.bots.tuning.fix', { fields: Object.keys(errors).map((field) => t(`console.bots.tuning.${field}`)).join(' · ') })}
        </p>
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
