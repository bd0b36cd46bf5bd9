import { useTranslation } from 'react-i18next'
import type { FieldError, TuningDraft, TuningField } from './bot-settings.js'
import './bot-tuning-texts.js'

interface TuningFieldsProps {
  draft: TuningDraft
  onChange: (draft: TuningDraft) => void
  errors: Partial<Record<TuningField, FieldError>>
  tools: { id: string; name: string }[]
  withModel: boolean
  /** Distinguishes the create and edit forms' element ids. */
  idPrefix: string
}

/** The error under a field, in words, tied to it by `aria-describedby`. */
function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <span id={id} className="error small" data-testid="field-error">
      {t(`console.bots.tuning.errors.${error.key}`, { min: error.min, max: error.max?.toLocaleString() })}
    </span>
  )
}

/**
 * A bot's triggers, token quotas, model settings (temperature, answer length, history budget,
 * fallback models), tools and personal-data redaction; each field says what empty means and
 * shows why a value is refused.
 */
export function BotTuningFields({ draft, onChange, errors, tools, withModel, idPrefix }: TuningFieldsProps) {
  const { t } = useTranslation()
  const set = (patch: Partial<TuningDraft>) => onChange({ ...draft, ...patch })
  const field = (name: TuningField, props: { multiline?: boolean; inputMode?: 'numeric' | 'decimal' }) => {
    const errorId = `${idPrefix}-${name}-error`
    const common = {
      name,
      value: draft[name],
      'aria-invalid': errors[name] ? true : undefined,
      'aria-describedby': errors[name] ? errorId : undefined,
    }
    return (
      <label className={props.multiline ? 'grow' : undefined}>
        {t(`console.bots.tuning.${name}`)}
        {props.multiline ? (
          <textarea {...common} rows={2} onChange={(event) => set({ [name]: event.target.value })} />
        ) : (
          <input {...common} inputMode={props.inputMode} onChange={(event) => set({ [name]: event.target.value })} />
        )}
        <ErrorText id={errorId} error={errors[name]} />
      </label>
    )
  }
  return (
    <>
      <fieldset className="event-picker" data-testid="bot-triggers">
        <legend>{t('console.bots.tuning.triggers')}</legend>
        <label className="check">
          <input type="checkbox" name="direct" checked={draft.direct} onChange={(event) => set({ direct: event.target.checked })} />
          {t('console.bots.tuning.direct')}
        </label>
        <label className="check">
          <input type="checkbox" name="mention" checked={draft.mention} onChange={(event) => set({ mention: event.target.checked })} />
          {t('console.bots.tuning.mention')}
        </label>
        {field('keywords', { multiline: true })}
      </fieldset>
      <fieldset className="inline-form tuning-group" data-testid="bot-quotas">
        <legend>{t('console.bots.tuning.quotas')}</legend>
        {field('userDailyTokens', { inputMode: 'numeric' })}
        {field('appMonthlyTokens', { inputMode: 'numeric' })}
      </fieldset>
      <fieldset className="inline-form tuning-group" data-testid="bot-model-settings">
        <legend>{t('console.bots.tuning.model')}</legend>
        {field('temperature', { inputMode: 'decimal' })}
        {field('maxOutputTokens', { inputMode: 'numeric' })}
        {field('historyTokens', { inputMode: 'numeric' })}
        {withModel && field('fallbackModels', { multiline: true })}
      </fieldset>
      <fieldset className="event-picker" data-testid="bot-tools">
        <legend>{t('console.bots.tuning.tools')}</legend>
        {tools.length === 0 && <span className="muted small">{t('console.bots.tuning.noTools')}</span>}
        {tools.map((tool) => (
          <label key={tool.id} className="check">
            <input
              type="checkbox"
              checked={draft.toolIds.includes(tool.id)}
              onChange={(event) => set({ toolIds: event.target.checked ? [...draft.toolIds, tool.id] : draft.toolIds.filter((id) => id !== tool.id) })}
            />
            {tool.name}
          </label>
        ))}
        {!withModel && tools.length > 0 && <span className="muted small">{t('console.bots.tuning.toolsNeedModel')}</span>}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="redactPii" checked={draft.redactPii} onChange={(event) => set({ redactPii: event.target.checked })} />
        {t('console.bots.tuning.redactPii')}
      </label>
    </>
  )
}
