import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { SourceCard } from './sources/source-card.js'
import { SourceForm } from './sources/source-form.js'
import { SourceReview } from './sources/source-review.js'
import type { SourceRow } from './sources/source-shapes.js'
import './sources/sources.css'

/**
 * The sources of a knowledge base that stay in sync (sitemap, site, feeds, a FastGPT library):
 * each with its latest run, progress and errors; adding, syncing, pausing and deleting for those
 * with `apps.manage`; and the curations a sync flagged for review. Reading is open to every role.
 */
export function KnowledgeSources({ appId, knowledgeBaseId, canManage }: { appId: string; knowledgeBaseId: string; canManage: boolean }) {
  const { t } = useTranslation()
  const sources = useResource(() => appApi<{ sources: SourceRow[] }>(appId, 'GET', `knowledge-bases/${knowledgeBaseId}/sources`), `${appId}/${knowledgeBaseId}`)
  const [adding, setAdding] = useState(false)
  const [changes, setChanges] = useState(0)
  const changed = () => {
    setChanges((value) => value + 1)
    sources.reload()
  }
  const list = sources.data?.sources ?? []

  return (
    <div className="card knowledge-sources" data-testid="knowledge-sources">
      <div className="row">
        <h2>{t('console.sources.heading')}</h2>
        {canManage && !adding && sources.data && (
          <button type="button" className="secondary" onClick={() => setAdding(true)}>
            {t('console.sources.add')}
          </button>
        )}
      </div>
      <p className="muted small">{t('console.sources.explain')}</p>
      <ResourceState loading={sources.loading && !sources.data} error={sources.error} />
      {adding && (
        <SourceForm
          appId={appId}
          knowledgeBaseId={knowledgeBaseId}
          onCreated={() => {
            setAdding(false)
            changed()
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {sources.data && list.length === 0 && !adding && <p className="muted">{t('console.sources.empty')}</p>}
      {list.length > 0 && (
        <ul className="card-list source-list">
          {list.map((source) => (
            <SourceCard key={source.id} appId={appId} knowledgeBaseId={knowledgeBaseId} source={source} canManage={canManage} onChanged={changed} />
          ))}
        </ul>
      )}
      {sources.data && list.length > 0 && <SourceReview appId={appId} knowledgeBaseId={knowledgeBaseId} sources={list} canManage={canManage} reloadKey={changes} />}
    </div>
  )
}
