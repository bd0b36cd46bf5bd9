import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ActionError } from '../status-views.js'

interface SearchResult {
  chunkId: string
  documentId: string
  title: string
  text: string
  score: number
}

/** Tries a question against a knowledge base and lists the passages it finds. */
export function KnowledgeSearch({ appId, knowledgeBaseId }: { appId: string; knowledgeBaseId: string }) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SearchResult[] | undefined>()
  const [error, setError] = useState<Error | undefined>()

  async function search(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      const answer = await appApi<{ results: SearchResult[] }>(appId, 'POST', `knowledge-bases/${knowledgeBaseId}/search`, { query, topK: 5 })
      setResults(answer.results)
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <div className="card">
      <h2>{t('console.knowledge.search')}</h2>
      <form className="inline-form" role="search" onSubmit={search}>
        <label className="grow">
          <span className="visually-hidden">{t('console.knowledge.search')}</span>
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="knowledge-query" required />
        </label>
        <button type="submit" className="secondary">
          {t('common.search')}
        </button>
      </form>
      <ActionError error={error} />
      {results && results.length === 0 && <p className="muted">{t('console.knowledge.noResults')}</p>}
      <ol className="search-results">
        {results?.map((result) => (
          <li key={result.chunkId} data-testid="search-result">
            <strong>{result.title}</strong>
            <p className="small">{result.text.slice(0, 280)}</p>
          </li>
        ))}
      </ol>
    </div>
  )
}
