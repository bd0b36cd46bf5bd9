import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import { runPercent, type SourceRun } from './source-shapes.js'

/** How many per-document errors are listed before "and N more". */
const SHOWN_ERRORS = 10

/** One sync run: its state, a progress bar while it runs, its counts in words and what went wrong. */
export function SourceRunView({ run }: { run: SourceRun }) {
  const { t, i18n } = useTranslation()
  const finished = run.status === 'done' || run.status === 'failed'
  const when = run.finishedAt ?? run.startedAt ?? run.queuedAt
  const whenKey = run.finishedAt ? 'finished' : run.startedAt ? 'started' : 'queued'
  const pill = run.status === 'done' ? 'pill pill-ready' : run.status === 'failed' ? 'pill pill-failed' : 'pill pill-pending'
  return (
    <div className="source-run" data-testid="source-run" data-status={run.status}>
      <div className="row">
        <span className={pill}>{t(`console.sources.run.status.${run.status}`)}</span>
        <span className="muted small">{t(`console.sources.run.${whenKey}`, { time: formatDateTime(when, i18n.language) })}</span>
      </div>
      {!finished && <progress max={100} value={runPercent(run)} aria-label={t('console.sources.run.progress')} data-testid="source-progress" />}
      {(run.status !== 'queued') && (
        <p className="small" data-testid="source-counts">
          {t('console.sources.run.counts', { added: run.added, updated: run.updated, deleted: run.deleted, unchanged: run.unchanged, failed: run.failed })}
        </p>
      )}
      {run.error && (
        <p className="error small" role="status">
          {t('console.sources.run.failedBecause', { error: run.error })}
        </p>
      )}
      {run.errors.length > 0 && (
        <details className="source-errors" data-testid="source-errors">
          <summary className="small">{t('console.sources.run.errors', { count: run.errors.length })}</summary>
          <ul className="small">
            {run.errors.slice(0, SHOWN_ERRORS).map((failure) => (
              <li key={failure.itemId}>
                <span className="source-url">{failure.url ?? failure.itemId}</span>: {failure.error}
              </li>
            ))}
            {run.errors.length > SHOWN_ERRORS && <li className="muted">{t('console.sources.run.moreErrors', { count: run.errors.length - SHOWN_ERRORS })}</li>}
          </ul>
        </details>
      )}
    </div>
  )
}
