import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DocumentPassages } from './document-passages.js'
import type { DocumentStatus } from './document-types.js'
import './knowledge-texts.js'

interface DocumentRowProps {
  appId: string
  knowledgeBaseId: string
  document: DocumentStatus
  canManage: boolean
  onReindex: () => void
  onDelete: () => void
}

/** One document: status and progress, its passages on demand, re-index, and delete after a confirmation. */
export function DocumentRow({ appId, knowledgeBaseId, document, canManage, onReindex, onDelete }: DocumentRowProps) {
  const { t } = useTranslation()
  const [showPassages, setShowPassages] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const title = document.title ?? document.id
  const percent = document.status === 'ready' ? 100 : Math.round((document.progress ?? 0) * 100)
  const busy = document.status === 'queued' || document.status === 'processing'
  const passagesId = `passages-${document.id}`
  return (
    <li data-testid="document" data-status={document.status} data-title={title}>
      <div className="row">
        <strong className="document-title">{title}</strong>
        <span className={`pill pill-${document.status}`}>{t(`console.knowledge.status.${document.status}`)}</span>
      </div>
      <progress max={100} value={percent} aria-label={title} />
      {document.status === 'ready' && document.chunkCount !== undefined && <span className="muted small">{t('console.knowledge.chunks', { count: document.chunkCount })}</span>}
      {document.error && <span className="error small">{document.error}</span>}
      <div className="document-actions">
        <button type="button" className="ghost" aria-expanded={showPassages} aria-controls={passagesId} onClick={() => setShowPassages(!showPassages)} disabled={document.status !== 'ready'}>
          {showPassages ? t('console.knowledge.hidePassages') : t('console.knowledge.showPassages')}
          <span className="visually-hidden">: {title}</span>
        </button>
        {canManage && (
          <>
            <button type="button" className="ghost" onClick={onReindex} disabled={busy}>
              {t('console.knowledge.reindex')}
              <span className="visually-hidden">: {title}</span>
            </button>
            <button type="button" className="ghost danger-text" onClick={() => setConfirming(true)}>
              {t('console.knowledge.delete')}
              <span className="visually-hidden">: {title}</span>
            </button>
          </>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby={`delete-${document.id}`} className="confirm-box">
          <p id={`delete-${document.id}`}>{t('console.knowledge.confirmDelete', { title })}</p>
          <div className="row">
            <button type="button" className="danger" autoFocus onClick={() => { setConfirming(false); onDelete() }}>
              {t('console.knowledge.confirmDeleteButton')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <div id={passagesId}>{showPassages && <DocumentPassages appId={appId} knowledgeBaseId={knowledgeBaseId} documentId={document.id} title={title} />}</div>
    </li>
  )
}
