import type { WidgetSettings } from '@warbler/protocol'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../../shared/error-text.js'
import { checkOrigins, contrastWithWhite, darkerForWhite, draftOf, draftProblems, isHexColor, MIN_CONTRAST, originOfAddress, PRE_CHAT_FIELDS, settingsOf, type WidgetDraft } from './widget-form.js'
import { WidgetPreview } from './widget-preview.js'

/** A bot the support bot can be picked from. */
export interface BotChoice {
  id: string
  name: string
}

/**
 * The widget settings form: support bot, allowed sites, look, pre-chat form and identity. Saving
 * sends the whole `widget` (`PATCH /settings` replaces it); without `canManage` everything is read-only.
 */
export function WidgetSettingsForm({ saved, bots, canManage, onSave }: { saved: WidgetSettings | undefined; bots: BotChoice[]; canManage: boolean; onSave: (widget: WidgetSettings) => Promise<void> }) {
  const { t } = useTranslation()
  const [draft, setDraftState] = useState(() => draftOf(saved))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState('')
  const [tried, setTried] = useState(false)
  const set = (patch: Partial<WidgetDraft>) => {
    const next = { ...draft, ...patch }
    setDraftState(next)
    setDone('')
  }
  const origins = checkOrigins(draft.originsText)
  const badOrigins = origins.filter((line) => line.problem)
  const problems = draftProblems(draft)
  const colorOk = isHexColor(draft.color)
  const ratio = colorOk ? contrastWithWhite(draft.color) : undefined
  const botChoices = draft.botId && !bots.some((bot) => bot.id === draft.botId) ? [...bots, { id: draft.botId, name: draft.botId }] : bots

  async function save(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    if (problems.length > 0) return
    setBusy(true)
    setError(undefined)
    try {
      await onSave(settingsOf(draft))
      setDone(t('console.widget.saved'))
    } catch (cause) {
      setError(errorText(t, cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="widget-layout">
      <form className="card stacked-form widget-form" onSubmit={(event) => void save(event)} noValidate>
        <fieldset className="plain-fieldset" disabled={!canManage}>
          <h2>{t('console.widget.bot.heading')}</h2>
          <label>
            {t('console.widget.bot.label')}
            <select value={draft.botId} onChange={(event) => set({ botId: event.target.value })} aria-describedby="widget-bot-hint">
              <option value="">{t('console.widget.bot.none')}</option>
              {botChoices.map((bot) => (
                <option key={bot.id} value={bot.id}>
                  {bot.name === bot.id ? bot.id : `${bot.name} (${bot.id})`}
                </option>
              ))}
            </select>
          </label>
          <p id="widget-bot-hint" className="muted small">
            {bots.length === 0 ? t('console.widget.bot.noBots') : t('console.widget.bot.hint')}
          </p>
        </fieldset>

        <fieldset className="plain-fieldset" disabled={!canManage}>
          <h2>{t('console.widget.origins.heading')}</h2>
          <label>
            {t('console.widget.origins.label')}
            <textarea
              rows={4}
              value={draft.originsText}
              onChange={(event) => set({ originsText: event.target.value })}
              aria-describedby="widget-origins-hint widget-origins-problems"
              aria-invalid={badOrigins.length > 0}
              spellCheck={false}
              placeholder="https://shop.example.com"
              className="mono"
            />
          </label>
          <p id="widget-origins-hint" className="muted small">
            {t('console.widget.origins.hint')}
          </p>
          <ul id="widget-origins-problems" className="widget-problems" aria-live="polite">
            {badOrigins.map((line) => (
              <li key={line.text} className="error small">
                {t(`console.widget.originProblem.${line.problem}`, { text: line.text, origin: line.problem === 'path' ? originOfAddress(line.text) : `https://${line.text.toLowerCase()}` })}
              </li>
            ))}
          </ul>
          {origins.length === 0 && <p className="notice-box small">{t('console.widget.origins.empty')}</p>}
        </fieldset>

        <fieldset className="plain-fieldset" disabled={!canManage}>
          <h2>{t('console.widget.theme.heading')}</h2>
          <div className="inline-form">
            <label>
              {t('console.widget.theme.color')}
              <input value={draft.color} onChange={(event) => set({ color: event.target.value.trim() })} aria-invalid={!colorOk} aria-describedby="widget-contrast" className="mono narrow-text" maxLength={7} />
            </label>
            <label>
              {t('console.widget.theme.picker')}
              <input type="color" value={colorOk ? draft.color.toLowerCase() : '#2563eb'} onChange={(event) => set({ color: event.target.value })} />
            </label>
          </div>
          <p id="widget-contrast" className="small" data-testid="widget-contrast" aria-live="polite">
            {!colorOk && <span className="error">{t('console.widget.theme.badColor')}</span>}
            {ratio !== undefined && ratio >= MIN_CONTRAST && <span>{t('console.widget.theme.contrastGood', { ratio: ratio.toFixed(1) })}</span>}
            {ratio !== undefined && ratio < MIN_CONTRAST && (
              <>
                <span className="error">{t('console.widget.theme.contrastLow', { ratio: ratio.toFixed(1), min: MIN_CONTRAST })}</span>{' '}
                <button type="button" className="link" onClick={() => set({ color: darkerForWhite(draft.color) })}>
                  {t('console.widget.theme.useDarker', { color: darkerForWhite(draft.color) })}
                </button>
              </>
            )}
          </p>
          <fieldset className="plain-fieldset">
            <legend>{t('console.widget.theme.position')}</legend>
            <div className="widget-actions">
              {(['right', 'left'] as const).map((position) => (
                <label key={position} className="check">
                  <input type="radio" name="widget-position" checked={draft.position === position} onChange={() => set({ position })} />
                  {t(`console.widget.theme.${position}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t('console.widget.theme.greetingEn')}
            <textarea rows={2} maxLength={500} value={draft.greetingEn} onChange={(event) => set({ greetingEn: event.target.value })} lang="en" />
          </label>
          <label>
            {t('console.widget.theme.greetingZh')}
            <textarea rows={2} maxLength={500} value={draft.greetingZh} onChange={(event) => set({ greetingZh: event.target.value })} lang="zh-CN" />
          </label>
          <p className="muted small">{t('console.widget.theme.greetingHint')}</p>
        </fieldset>

        <fieldset className="plain-fieldset" disabled={!canManage}>
          <h2>{t('console.widget.preChat.heading')}</h2>
          <label className="check">
            <input type="checkbox" checked={draft.preChatEnabled} onChange={(event) => set({ preChatEnabled: event.target.checked })} />
            {t('console.widget.preChat.enabled')}
          </label>
          <p className="muted small">{t('console.widget.preChat.hint')}</p>
          {draft.preChatEnabled && (
            <>
              <fieldset className="plain-fieldset">
                <legend>{t('console.widget.preChat.fields')}</legend>
                <div className="widget-actions">
                  {PRE_CHAT_FIELDS.map((field) => (
                    <label key={field} className="check">
                      <input
                        type="checkbox"
                        checked={draft.preChatFields.includes(field)}
                        onChange={(event) => set({ preChatFields: event.target.checked ? [...draft.preChatFields, field] : draft.preChatFields.filter((entry) => entry !== field) })}
                      />
                      {t(`console.widget.preChat.field.${field}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label>
                {t('console.widget.preChat.consentEn')}
                <textarea rows={2} maxLength={1000} value={draft.consentEn} onChange={(event) => set({ consentEn: event.target.value })} lang="en" />
              </label>
              <label>
                {t('console.widget.preChat.consentZh')}
                <textarea rows={2} maxLength={1000} value={draft.consentZh} onChange={(event) => set({ consentZh: event.target.value })} lang="zh-CN" />
              </label>
              <p className="muted small">{t('console.widget.preChat.consentHint')}</p>
            </>
          )}
        </fieldset>

        <fieldset className="plain-fieldset" disabled={!canManage}>
          <h2>{t('console.widget.identity.heading')}</h2>
          <label className="check">
            <input type="checkbox" checked={draft.requireIdentity} onChange={(event) => set({ requireIdentity: event.target.checked })} />
            {t('console.widget.identity.require')}
          </label>
          <p className="muted small">{t('console.widget.identity.hint')}</p>
        </fieldset>

        {tried && problems.length > 0 && (
          <ul className="widget-problems" role="alert">
            {problems.map((problem) => (
              <li key={problem} className="error">
                {t(`console.widget.problem.${problem}`)}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {canManage && (
          <div className="widget-actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('console.widget.save')}
            </button>
            <span className="inbox-done small" role="status">
              {done}
            </span>
          </div>
        )}
      </form>
      <WidgetPreview draft={draft} />
    </div>
  )
}
