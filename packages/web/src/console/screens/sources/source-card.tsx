import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import { appApi } from '../../console-api.js'
import { SourceError } from './source-error.js'
import { SourceRunView } from './source-run-view.js'
import { isActive, type SourceRow, type SourceRun } from './source-shapes.js'

/** How often a running sync is asked for its progress. */
const POLL_MS = 1000

/**
 * One source: what it reads and when, its latest run (polled while it runs), and for those who
 * may change things: sync now, pause / resume, delete (after saying its documents go too).
 */
export function SourceCard({ appId, knowledgeBaseId, source, canManage, onChanged }: {
  appId: string
  knowledgeBaseId: string
  source: SourceRow
  canManage: boolean
  /** The source was paused, resumed or deleted, or a run finished: reload the list and the review queue. */
  onChanged: () => void
}) {
  const { t, i18n } = useTranslation()
  const base = `knowledge-bases/${knowledgeBaseId}/sources/${source.id}`
  const [run, setRun] = useState<SourceRun | undefined>()
  const [documents, setDocuments] = useState<number | undefined>()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [tick, setTick] = useState(0)
  const confirmButton = useRef<HTMLButtonElement>(null)
  const wasActive = useRef(false)

  // The latest run and how many documents the source holds; again every second while a run is on.
  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    async function load() {
      try {
        const [runs, items] = await Promise.all([
          appApi<{ runs: SourceRun[] }>(appId, 'GET', `${base}/runs?limit=1`),
          appApi<{ total: number }>(appId, 'GET', `${base}/items?limit=1`),
        ])
        if (!live) return
        const latest = runs.runs[0]
        setRun(latest)
        setDocuments(items.total)
        if (isActive(latest)) {
          wasActive.current = true
          timer = setTimeout(() => void load(), POLL_MS)
        } else if (wasActive.current) {
          wasActive.current = false
          onChanged()
        }
      } catch (cause) {
        if (live) setError(cause)
      }
    }
    void load()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, base, tick])

  useEffect(() => {
    if (confirming) confirmButton.current?.focus()
  }, [confirming])

  async function act(method: string, path: string, body?: unknown) {
    setBusy(true)
    setError(undefined)
    try {
      await appApi(appId, method, path, body)
      return true
    } catch (cause) {
      setError(cause)
      return false
    } finally {
      setBusy(false)
    }
  }

  async function syncNow() {
    if (await act('POST', `${base}/sync`)) setTick((value) => value + 1)
  }

  async function setStatus(status: 'active' | 'paused') {
    if (await act('PATCH', base, { status })) onChanged()
  }

  async function remove() {
    if (await act('DELETE', base)) onChanged()
    setConfirming(false)
  }

  const paused = source.status === 'paused'
  const running = isActive(run)
  return (
    <li className="card source-card" data-testid="source" data-status={source.status}>
      <div className="row">
        <strong className="source-url">{source.url}</strong>
        <span className={paused ? 'pill pill-pending' : 'pill pill-ready'}>{t(`console.sources.status.${source.status}`)}</span>
      </div>
      <p className="muted small">
        {t(`console.sources.kinds.${source.kind}`)}
        {' · '}
        {source.everyMinutes ? t('console.sources.every', { count: source.everyMinutes }) : t('console.sources.manualOnly')}
        {!paused && source.nextRunAt && <> · {t('console.sources.nextRun', { time: formatDateTime(source.nextRunAt, i18n.language) })}</>}
        {documents !== undefined && <> · {t('console.sources.documents', { count: documents })}</>}
        {source.hasToken && <> · {t('console.sources.hasToken')}</>}
      </p>
      {(source.include?.length || source.exclude?.length) ? (
        <p className="muted small">
          {source.include?.length ? t('console.sources.onlyMatching', { patterns: source.include.join(', ') }) : ''}
          {source.include?.length && source.exclude?.length ? ' · ' : ''}
          {source.exclude?.length ? t('console.sources.skipping', { patterns: source.exclude.join(', ') }) : ''}
        </p>
      ) : null}
      {run ? <SourceRunView run={run} /> : <p className="muted small">{t('console.sources.neverSynced')}</p>}
      {canManage && !confirming && (
        <div className="source-actions">
          <button type="button" className="secondary" disabled={busy || paused || running} onClick={() => void syncNow()}>
            {running ? t('console.sources.syncing') : t('console.sources.syncNow')}
          </button>
          <button type="button" className="ghost" disabled={busy} onClick={() => void setStatus(paused ? 'active' : 'paused')}>
            {paused ? t('console.sources.resume') : t('console.sources.pause')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t('console.sources.delete')}
          </button>
        </div>
      )}
      {canManage && confirming && (
        <div className="source-confirm" role="group" aria-label={t('console.sources.delete')} onKeyDown={(event) => event.key === 'Escape' && setConfirming(false)}>
          <p className="small">{documents ? t('console.sources.deleteConfirm', { count: documents }) : t('console.sources.deleteConfirmNone')}</p>
          <div className="source-actions">
            <button ref={confirmButton} type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              {t('console.sources.deleteYes')}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <SourceError error={error} />
    </li>
  )
}
