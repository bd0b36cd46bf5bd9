import { useEffect, useRef, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ActionError } from '../status-views.js'
import { ACCEPT_ATTRIBUTE } from './knowledge/accepted-formats.js'
import { AddDocumentForms, type TextDocument } from './knowledge/add-document-forms.js'
import { DocumentRow } from './knowledge/document-row.js'
import type { DocumentStatus } from './knowledge/document-types.js'
import './knowledge/knowledge-texts.js'
import { uploadDocument } from './knowledge/upload-file.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The documents of a knowledge base with their ingestion progress: add files (every format the
 * server parses), text or a web page; view a document's passages, re-index or delete it.
 */
export function DocumentUpload({ appId, knowledgeBaseId, canManage = true }: { appId: string; knowledgeBaseId: string; canManage?: boolean }) {
  const { t } = useTranslation()
  const [documents, setDocuments] = useState<DocumentStatus[]>([])
  const [error, setError] = useState<Error | undefined>()
  const [note, setNote] = useState('')
  const live = useRef(true)
  const base = `knowledge-bases/${knowledgeBaseId}/documents`

  const update = (next: DocumentStatus) => setDocuments((list) => list.map((item) => (item.id === next.id ? { ...item, ...next } : item)))

  async function follow(id: string) {
    for (let attempt = 0; attempt < 600 && live.current; attempt++) {
      const status = await appApi<DocumentStatus>(appId, 'GET', `${base}/${id}`)
      update(status)
      if (status.status === 'ready' || status.status === 'failed') return
      await sleep(500)
    }
  }

  useEffect(() => {
    live.current = true
    appApi<{ documents: DocumentStatus[] }>(appId, 'GET', `${base}?limit=100`).then(
      (answer) => {
        if (!live.current) return
        setDocuments(answer.documents.slice().reverse())
        for (const document of answer.documents) if (document.status === 'queued' || document.status === 'processing') void follow(document.id).catch(() => undefined)
      },
      () => undefined,
    )
    return () => {
      live.current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, knowledgeBaseId])

  async function added(created: DocumentStatus, title: string) {
    setDocuments((list) => [{ ...created, title }, ...list])
    void follow(created.id).catch((cause: Error) => setError(cause))
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setError(undefined)
    const files = Array.from(event.target.files ?? [])
    event.target.value = ''
    for (const file of files) {
      try {
        await added(await uploadDocument<DocumentStatus>(appId, knowledgeBaseId, file), file.name)
      } catch (cause) {
        setError(cause as Error)
      }
    }
  }

  async function addJson(body: TextDocument | { url: string }, title: string): Promise<boolean> {
    setError(undefined)
    try {
      await added(await appApi<DocumentStatus>(appId, 'POST', base, body), title)
      return true
    } catch (cause) {
      setError(cause as Error)
      return false
    }
  }

  async function reindex(document: DocumentStatus) {
    setError(undefined)
    try {
      update(await appApi<DocumentStatus>(appId, 'POST', `${base}/${document.id}/reindex`))
      setNote(t('console.knowledge.reindexed', { title: document.title ?? document.id }))
      void follow(document.id).catch((cause: Error) => setError(cause))
    } catch (cause) {
      setError(cause as Error)
    }
  }

  async function remove(document: DocumentStatus) {
    setError(undefined)
    try {
      await appApi(appId, 'DELETE', `${base}/${document.id}`)
      setDocuments((list) => list.filter((item) => item.id !== document.id))
      setNote(t('console.knowledge.deleted', { title: document.title ?? document.id }))
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <div className="card documents-card">
      <h2>{t('console.knowledge.documents')}</h2>
      {canManage && (
        <>
          <label className="file-drop">
            {t('console.knowledge.uploadFiles')}
            <input type="file" accept={ACCEPT_ATTRIBUTE} multiple onChange={(event) => void choose(event)} data-testid="document-input" />
          </label>
          <AddDocumentForms onText={(document) => addJson(document, document.title)} onUrl={(url) => addJson({ url }, url)} />
        </>
      )}
      <ActionError error={error} />
      <p className="muted small" role="status">
        {note}
      </p>
      {documents.length === 0 && <p className="muted small">{t('console.knowledge.noDocuments')}</p>}
      <ul className="documents">
        {documents.map((document) => (
          <DocumentRow key={document.id} appId={appId} knowledgeBaseId={knowledgeBaseId} document={document} canManage={canManage} onReindex={() => void reindex(document)} onDelete={() => void remove(document)} />
        ))}
      </ul>
    </div>
  )
}
