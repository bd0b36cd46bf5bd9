import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import type { DocumentPassage } from './document-types.js'
import './knowledge-texts.js'

/** The passages of one document in order: what a bot can read and cite. */
export function DocumentPassages({ appId, knowledgeBaseId, documentId, title }: { appId: string; knowledgeBaseId: string; documentId: string; title: string }) {
  const { t } = useTranslation()
  const passages = useResource(
    () => appApi<{ chunks: DocumentPassage[] }>(appId, 'GET', `knowledge-bases/${knowledgeBaseId}/documents/${documentId}/chunks?limit=200`),
    `${appId}:${knowledgeBaseId}:${documentId}`,
  )
  return (
    <section className="document-passages" aria-label={t('console.knowledge.passagesOf', { title })} data-testid="document-passages">
      <ResourceState loading={passages.loading} error={passages.error} />
      {passages.data?.chunks.length === 0 && <p className="muted small">{t('console.knowledge.noPassages')}</p>}
      <ol className="passage-list">
        {passages.data?.chunks.map((chunk) => (
          <li key={chunk.id} data-testid="document-passage">
            <div className="row">
              <span className="small strong">{chunk.headingPath.length > 0 ? chunk.headingPath.join(' › ') : `#${chunk.ordinal + 1}`}</span>
              <span className="muted small">{t('console.knowledge.tokens', { count: chunk.tokenCount })}</span>
            </div>
            <p className="small passage-text">{chunk.text}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}
