import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import { appApi } from '../../console-api.js'
import { SourceError } from './source-error.js'
import type { CurationRow, SourceRow } from './source-shapes.js'

/**
 * Curations a sync flagged "needs review" (the passage they were made on changed), with the page
 * they belong to; those who may change things mark them reviewed.
 */
export function SourceReview({ appId, knowledgeBaseId, sources, canManage, reloadKey }: {
  appId: string
  knowledgeBaseId: string
  sources: SourceRow[]
  canManage: boolean
  /** Changes when a run finished or the sources changed: the queue is read again. */
  reloadKey: number
}) {
  const { t, i18n } = useTranslation()
  const [curations, setCurations] = useState<CurationRow[] | undefined>()
  const [pages, setPages] = useState<Map<string, string>>(new Map())
  const [error, setError] = useState<unknown>()
  const [tick, setTick] = useState(0)
  const heading = useId()
  const base = `knowledge-bases/${knowledgeBaseId}`
  const sourceIds = sources.map((source) => source.id).join(',')

  useEffect(() => {
    let live = true
    async function load() {
      const answer = await appApi<{ curations: CurationRow[] }>(appId, 'GET', `${base}/curations?needsReview=true`)
      const urls = new Map<string, string>()
      if (answer.curations.length > 0) {
        for (const source of sources) {
          const items = await appApi<{ items: Array<{ documentId: string | null; url: string | null }> }>(appId, 'GET', `${base}/sources/${source.id}/items?limit=1000`)
          for (const item of items.items) if (item.documentId && item.url) urls.set(item.documentId, item.url)
        }
      }
      if (!live) return
      setPages(urls)
      setCurations(answer.curations)
    }
    load().catch((cause: unknown) => live && setError(cause))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, base, sourceIds, reloadKey, tick])

  async function reviewed(id: string) {
    setError(undefined)
    try {
      await appApi(appId, 'PATCH', `${base}/curations/${id}`, { needsReview: false })
      setTick((value) => value + 1)
    } catch (cause) {
      setError(cause)
    }
  }

  if (!curations) return <SourceError error={error} />
  return (
    <section className="source-review" aria-labelledby={heading}>
      <h3 id={heading}>{t('console.sources.review.heading', { count: curations.length })}</h3>
      {curations.length === 0 ? (
        <p className="muted small" data-testid="review-empty">{t('console.sources.review.empty')}</p>
      ) : (
        <>
          <p className="muted small">{t('console.sources.review.explain')}</p>
          <ul className="card-list">
            {curations.map((curation) => (
              <li key={curation.id} className="card" data-testid="needs-review">
                <div className="row">
                  <strong>{t(`console.sources.review.action.${curation.action}`)}</strong>
                  <span className="muted small">{formatDateTime(curation.updatedAt, i18n.language)}</span>
                </div>
                <p className="small source-url">{pages.get(curation.documentId) ?? t('console.sources.review.document', { id: curation.documentId })}</p>
                {curation.action === 'edit' && curation.text && <p className="small">{t('console.sources.review.yourText', { text: curation.text.slice(0, 280) })}</p>}
                {curation.action === 'pin' && curation.question && <p className="small">{t('console.sources.review.yourQuestion', { question: curation.question })}</p>}
                {canManage && (
                  <button type="button" className="secondary" onClick={() => void reviewed(curation.id)}>
                    {t('console.sources.review.done')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <SourceError error={error} />
    </section>
  )
}
