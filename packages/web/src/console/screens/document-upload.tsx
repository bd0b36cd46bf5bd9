import { useEffect, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ActionError } from '../status-views.js'

interface DocumentStatus {
  id: string
  title?: string
  status: 'queued' | 'processing' | 'ready' | 'failed'
  /** From 0 to 1. */
  progress?: number
  chunkCount?: number
  error?: string
}

function formatOf(name: string): 'markdown' | 'html' | 'text' {
  if (/\.(md|markdown)$/i.test(name)) return 'markdown'
  if (/\.html?$/i.test(name)) return 'html'
  return 'text'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The documents of a knowledge base with their ingestion progress; adds text documents. */
export function DocumentUpload({ appId, knowledgeBaseId }: { appId: string; knowledgeBaseId: string }) {
  const { t } = useTranslation()
  const [documents, setDocuments] = useState<DocumentStatus[]>([])
  const [error, setError] = useState<Error | undefined>()

  const update = (next: DocumentStatus) => setDocuments((list) => list.map((item) => (item.id === next.id ? { ...item, ...next } : item)))

  async function follow(id: string) {
    for (let attempt = 0; attempt < 600; attempt++) {
      const status = await appApi<DocumentStatus>(appId, 'GET', `knowledge-bases/${knowledgeBaseId}/documents/${id}`)
      update(status)
      if (status.status === 'ready' || status.status === 'failed') return
      await sleep(500)
    }
  }

  useEffect(() => {
    let live = true
    appApi<{ documents: DocumentStatus[] }>(appId, 'GET', `knowledge-bases/${knowledgeBaseId}/documents?limit=100`).then(
      (answer) => {
        if (!live) return
        setDocuments(answer.documents.slice().reverse())
        for (const document of answer.documents) if (document.status === 'queued' || document.status === 'processing') void follow(document.id).catch(() => undefined)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, knowledgeBaseId])

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setError(undefined)
    for (const file of Array.from(event.target.files ?? [])) {
      try {
        const text = await file.text()
        const created = await appApi<DocumentStatus>(appId, 'POST', `knowledge-bases/${knowledgeBaseId}/documents`, { title: file.name, text, format: formatOf(file.name) })
        setDocuments((list) => [{ ...created, title: file.name }, ...list])
        void follow(created.id).catch((cause: Error) => setError(cause))
      } catch (cause) {
        setError(cause as Error)
      }
    }
    event.target.value = ''
  }

  return (
    <div className="card">
      <h2>{t('console.knowledge.documents')}</h2>
      <label className="file-drop">
        {t('console.knowledge.upload')}
        <input type="file" accept=".md,.markdown,.txt,.html,.htm,text/*" multiple onChange={(event) => void choose(event)} data-testid="document-input" />
      </label>
      <ActionError error={error} />
      <ul className="documents">
        {documents.map((document) => {
          const percent = document.status === 'ready' ? 100 : Math.round((document.progress ?? 0) * 100)
          return (
            <li key={document.id} data-testid="document" data-status={document.status}>
              <div className="row">
                <strong>{document.title ?? document.id}</strong>
                <span className={`pill pill-${document.status}`}>{t(`console.knowledge.status.${document.status}`)}</span>
              </div>
              <progress max={100} value={percent} aria-label={document.title ?? document.id} />
              {document.status === 'ready' && document.chunkCount !== undefined && <span className="muted small">{t('console.knowledge.chunks', { count: document.chunkCount })}</span>}
              {document.error && <span className="error small">{document.error}</span>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
