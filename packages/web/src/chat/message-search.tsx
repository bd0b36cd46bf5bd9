import type { ConversationSummary } from '@warbler/sdk'
import type { SearchHit } from '@warbler/protocol'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../shared/format-time.js'
import { conversationTitle } from './conversation-title.js'
import { previewOfBody } from './message-preview.js'
import { errorText } from '../shared/error-text.js'

/** The search box over the user's messages; a result opens its conversation at that message and closes the results. */
export function MessageSearch(props: {
  search: (query: string) => Promise<SearchHit[]>
  rows: ConversationSummary[]
  me: string | undefined
  nameOf: (id: string) => string
  onOpen: (conversationId: string, seq: number) => void
}) {
  const { t, i18n } = useTranslation()
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[] | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    const value = query.trim()
    if (!value) return clear()
    setBusy(true)
    setError(undefined)
    try {
      setHits(await props.search(value))
    } catch (failure) {
      setError(t('chat.search.failed', { reason: errorText(t, failure) }))
      setHits(undefined)
    } finally {
      setBusy(false)
    }
  }

  function clear() {
    setQuery('')
    setHits(undefined)
    setError(undefined)
  }

  function titleOf(conversationId: string): string {
    const row = props.rows.find((entry) => entry.id === conversationId)
    return row ? conversationTitle(row, props.me, props.nameOf) : conversationId
  }

  return (
    <div className="message-search">
      <form role="search" onSubmit={submit} className="search-form">
        <label htmlFor="message-search" className="visually-hidden">{t('chat.search.label')}</label>
        <input
          id="message-search"
          type="search"
          value={query}
          placeholder={t('chat.search.placeholder')}
          onChange={(event) => {
            setQuery(event.target.value)
            if (!event.target.value) clear()
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') clear()
          }}
          data-testid="message-search"
        />
      </form>
      {busy && <p className="muted small search-status">{t('chat.search.searching')}</p>}
      {error && <p className="error small search-status" role="alert">{error}</p>}
      {hits && !busy && (
        <section aria-label={t('chat.search.results')} className="search-results">
          <div className="search-results-head">
            <span className="small muted">{t('chat.search.results')}</span>
            <button type="button" className="ghost small" onClick={clear}>{t('chat.search.clear')}</button>
          </div>
          {hits.length === 0 ? (
            <p className="muted small search-status">{t('chat.search.none')}</p>
          ) : (
            <ul>
              {hits.map((hit) => (
                <li key={`${hit.conversationId}:${hit.seq}`}>
                  <button type="button" className="search-hit" onClick={() => {
                      props.onOpen(hit.conversationId, hit.seq)
                      clear()
                    }} data-testid="search-hit">
                    <span className="search-hit-top small">
                      <strong>{titleOf(hit.conversationId)}</strong>
                      <time className="muted">{formatDateTime(hit.ts, i18n.language)}</time>
                    </span>
                    <span className="small search-hit-text">
                      <span className="muted">{props.nameOf(hit.senderId)}: </span>
                      {previewOfBody(hit.event.body, t)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
