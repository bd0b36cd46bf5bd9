import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import { appApi } from '../../console-api.js'
import { ActionError, ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import { percent, type RunView } from './quality-types.js'
import { RunDetail } from './run-detail.js'

/** Eval runs, newest first; one opens side by side and refreshes while it runs. */
export function RunsTab({ appId, canManage, openRunId }: { appId: string; canManage: boolean; openRunId?: string | undefined }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState<string | undefined>(openRunId)
  const [error, setError] = useState<Error | undefined>()
  const runs = useResource(() => appApi<{ runs: RunView[] }>(appId, 'GET', 'eval-runs'), appId)
  const [tick, setTick] = useState(0)
  const detail = useResource(() => (open ? appApi<RunView>(appId, 'GET', `eval-runs/${encodeURIComponent(open)}`) : Promise.resolve(undefined)), `${appId}:${open}:${tick}`)
  useEffect(() => setOpen(openRunId), [openRunId])
  useEffect(() => {
    if (!detail.data || (detail.data.status !== 'queued' && detail.data.status !== 'running')) return
    const timer = setTimeout(() => setTick((value) => value + 1), 1000)
    return () => clearTimeout(timer)
  }, [detail.data])

  if (open) {
    return (
      <div className="stacked-form">
        <div><button type="button" className="ghost" onClick={() => { setOpen(undefined); runs.reload() }}>← {t('console.quality.runs.back')}</button></div>
        <ResourceState loading={detail.loading && !detail.data} error={detail.error} />
        <ActionError error={error} />
        {detail.data && (
          <RunDetail
            run={detail.data}
            {...(canManage ? { onCancel: () => void appApi(appId, 'POST', `eval-runs/${encodeURIComponent(open)}/cancel`).then(() => setTick((value) => value + 1), (cause: Error) => setError(cause)) } : {})}
          />
        )}
      </div>
    )
  }
  return (
    <div className="stacked-form">
      <ResourceState loading={runs.loading} error={runs.error} />
      {runs.data && runs.data.runs.length === 0 && <p className="muted">{t('console.quality.runs.none')}</p>}
      <ul className="card-list" data-testid="runs-list">
        {runs.data?.runs.map((run) => (
          <li key={run.id} className="card">
            <div className="row">
              <span>
                <strong>{run.candidates.map((candidate) => candidate.label).join(' vs ')}</strong>{' '}
                <span className={`pill pill-${run.status === 'done' ? 'ready' : run.status === 'failed' ? 'failed' : 'pending'}`}>{t(`console.quality.runs.status.${run.status}`)}</span>
              </span>
              <button type="button" className="ghost" onClick={() => setOpen(run.id)}>{t('console.quality.runs.open')}</button>
            </div>
            <p className="small muted">
              {formatDateTime(run.createdAt, i18n.language)} · {t('console.quality.runs.progress', { completed: run.completed, total: run.total })} ·{' '}
              {t('console.quality.runs.answerMatch')}: {run.candidates.map((candidate) => percent(candidate.answerMatch)).join(' / ')}
            </p>
          </li>
        ))}
      </ul>
    </div>
  )
}
