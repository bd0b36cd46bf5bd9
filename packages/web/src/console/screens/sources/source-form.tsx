import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { SourceError } from './source-error.js'
import { EVERY_MINUTES, SOURCE_KINDS, sourceBody, type SourceDraft, type SourceKind } from './source-shapes.js'

const EMPTY: SourceDraft = { kind: 'sitemap', url: '', scheduled: true, everyMinutes: EVERY_MINUTES.default, include: '', exclude: '', token: '', basePath: '' }

/** "Add a source": kind, address, schedule, patterns (web kinds) or token (FastGPT library). */
export function SourceForm({ appId, knowledgeBaseId, onCreated, onCancel }: { appId: string; knowledgeBaseId: string; onCreated: () => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<SourceDraft>(EMPTY)
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const hint = useId()
  const set = <K extends keyof SourceDraft>(key: K, value: SourceDraft[K]) => setDraft((current) => ({ ...current, [key]: value }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await appApi(appId, 'POST', `knowledge-bases/${knowledgeBaseId}/sources`, sourceBody(draft))
      setDraft(EMPTY)
      onCreated()
    } catch (cause) {
      setError(cause)
    } finally {
      setBusy(false)
    }
  }

  const library = draft.kind === 'fastgpt-api'
  return (
    <form className="stacked-form source-form" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <h3>{t('console.sources.newSource')}</h3>
      <label>
        {t('console.sources.kind')}
        <select value={draft.kind} onChange={(event) => set('kind', event.target.value as SourceKind)}>
          {SOURCE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`console.sources.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('console.sources.url')}
        <input type="url" value={draft.url} onChange={(event) => set('url', event.target.value)} required aria-describedby={hint} placeholder="https://" autoFocus />
        <span id={hint} className="muted small">{t(`console.sources.urlHint.${draft.kind}`)}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.scheduled} onChange={(event) => set('scheduled', event.target.checked)} />
        {t('console.sources.scheduled')}
      </label>
      {draft.scheduled && (
        <label>
          {t('console.sources.everyMinutes')}
          <input
            type="number"
            className="narrow-number"
            min={EVERY_MINUTES.min}
            max={EVERY_MINUTES.max}
            step={1}
            value={draft.everyMinutes}
            onChange={(event) => set('everyMinutes', Number(event.target.value))}
            required
          />
          <span className="muted small">{t('console.sources.everyHint')}</span>
        </label>
      )}
      {library ? (
        <>
          <label>
            {t('console.sources.token')}
            <input type="password" autoComplete="off" value={draft.token} onChange={(event) => set('token', event.target.value)} />
            <span className="muted small">{t('console.sources.tokenHint')}</span>
          </label>
          <label>
            {t('console.sources.basePath')}
            <input value={draft.basePath} onChange={(event) => set('basePath', event.target.value)} />
          </label>
        </>
      ) : (
        <>
          <label>
            {t('console.sources.include')}
            <textarea rows={2} value={draft.include} onChange={(event) => set('include', event.target.value)} placeholder="https://help.example.com/docs/*" />
          </label>
          <label>
            {t('console.sources.exclude')}
            <textarea rows={2} value={draft.exclude} onChange={(event) => set('exclude', event.target.value)} placeholder="*/archive/*" />
          </label>
          <span className="muted small">{t('console.sources.patternHint')}</span>
        </>
      )}
      <SourceError error={error} />
      <div className="source-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('console.sources.create')}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
