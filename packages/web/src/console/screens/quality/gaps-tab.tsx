import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { ActionError, ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import type { Gap } from './quality-types.js'

/** "Add an answer" to one gap: a Q&A document in a chosen knowledge base. */
function AnswerForm({ appId, gap, knowledgeBases }: { appId: string; gap: Gap; knowledgeBases: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation()
  const [knowledgeBaseId, setKnowledgeBaseId] = useState(knowledgeBases[0]?.id ?? '')
  const [answer, setAnswer] = useState('')
  const [error, setError] = useState<Error | undefined>()
  const [saved, setSaved] = useState(false)
  return (
    <form
      className="stacked-form"
      onSubmit={(event) => {
        event.preventDefault()
        setError(undefined)
        appApi(appId, 'POST', 'knowledge-gaps/answer', { knowledgeBaseId, question: gap.question, answer, alternatives: gap.examples.map((example) => example.question) }).then(
          () => setSaved(true),
          (cause: Error) => setError(cause),
        )
      }}
    >
      <label>
        {t('console.quality.gaps.knowledgeBase')}
        <select value={knowledgeBaseId} onChange={(event) => setKnowledgeBaseId(event.target.value)} required>
          {knowledgeBases.map((base) => <option key={base.id} value={base.id}>{base.name}</option>)}
        </select>
      </label>
      <label>
        {t('console.quality.gaps.answer')}
        <textarea value={answer} onChange={(event) => setAnswer(event.target.value)} rows={3} required />
      </label>
      <ActionError error={error} />
      {saved ? <p role="status" className="small">{t('console.quality.gaps.saved')}</p> : <div><button type="submit" className="primary" disabled={!knowledgeBaseId}>{t('console.quality.gaps.save')}</button></div>}
    </form>
  )
}

/** Knowledge gaps: declined and 👎 questions grouped, biggest first, each with "add an answer". */
export function GapsTab({ appId, canManage }: { appId: string; canManage: boolean }) {
  const { t } = useTranslation()
  const gaps = useResource(() => appApi<{ gaps: Gap[] }>(appId, 'GET', 'knowledge-gaps'), appId)
  const bases = useResource(() => appApi<{ knowledgeBases: Array<{ id: string; name: string }> }>(appId, 'GET', 'knowledge-bases').catch(() => ({ knowledgeBases: [] })), appId)
  const [answering, setAnswering] = useState<string | undefined>()
  return (
    <div className="stacked-form">
      <ResourceState loading={gaps.loading} error={gaps.error} />
      {gaps.data && gaps.data.gaps.length === 0 && <p className="muted">{t('console.quality.gaps.none')}</p>}
      <ul className="card-list" data-testid="gaps-list">
        {gaps.data?.gaps.map((gap) => (
          <li key={gap.id} className="card">
            <div className="row">
              <strong>{gap.question}</strong>
              <span className="small muted">{t('console.quality.gaps.count', { count: gap.count, declined: gap.declined, down: gap.thumbsDown })}</span>
            </div>
            {gap.examples.length > 1 && (
              <p className="small muted">{t('console.quality.gaps.examples')}: {gap.examples.map((example) => `“${example.question}”`).join(' · ')}</p>
            )}
            {canManage && (answering === gap.id
              ? <AnswerForm appId={appId} gap={gap} knowledgeBases={bases.data?.knowledgeBases ?? []} />
              : <div><button type="button" className="ghost" onClick={() => setAnswering(gap.id)}>{t('console.quality.gaps.addAnswer')}</button></div>)}
          </li>
        ))}
      </ul>
    </div>
  )
}
