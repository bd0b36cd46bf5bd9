import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { DocumentUpload } from './document-upload.js'
import { KnowledgeSearch } from './knowledge-search.js'
import { KnowledgeSources } from './knowledge-sources.js'

interface KnowledgeBaseRow {
  id: string
  name: string
}

/** Knowledge bases (when the server offers them): create, add documents with progress, search, sources that stay in sync. */
export function KnowledgeScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const bases = useResource(
    () => (appId ? appApi<{ knowledgeBases: KnowledgeBaseRow[] }>(appId, 'GET', 'knowledge-bases') : Promise.resolve({ knowledgeBases: [] })),
    `${appId}`,
  )
  const [name, setName] = useState('')
  const [selected, setSelected] = useState<string | undefined>()
  const [error, setError] = useState<Error | undefined>()
  const list = bases.data?.knowledgeBases ?? []
  const current = selected ?? list[0]?.id

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!appId) return
    setError(undefined)
    try {
      const created = await appApi<{ id: string }>(appId, 'POST', 'knowledge-bases', { name })
      setName('')
      setSelected(created.id)
      bases.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.knowledge.heading')}</h1>
      <ResourceState loading={bases.loading} error={bases.error} />
      {bases.data && appId && (
        <>
          {can('apps.manage') && (
            <form className="inline-form" onSubmit={create}>
              <label>
                {t('console.knowledge.name')}
                <input value={name} onChange={(event) => setName(event.target.value)} required />
              </label>
              <button type="submit" className="primary">
                {t('console.knowledge.create')}
              </button>
            </form>
          )}
          <ActionError error={error} />
          <div className="tabs" role="tablist">
            {list.map((base) => (
              <button key={base.id} type="button" role="tab" aria-selected={base.id === current} className={base.id === current ? 'tab active' : 'tab'} onClick={() => setSelected(base.id)}>
                {base.name}
              </button>
            ))}
          </div>
          {current && (
            <div className="two-columns">
              <DocumentUpload key={current} appId={appId} knowledgeBaseId={current} canManage={can('apps.manage')} />
              <KnowledgeSearch appId={appId} knowledgeBaseId={current} />
            </div>
          )}
          {current && <KnowledgeSources key={current} appId={appId} knowledgeBaseId={current} canManage={can('apps.manage')} />}
        </>
      )}
    </section>
  )
}
