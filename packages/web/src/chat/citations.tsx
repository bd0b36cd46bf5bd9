import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A source a bot reply cites (from the message's `ext.citations`). */
export interface Citation {
  title: string
  documentId: string
  chunkId: string
  url?: string
  text?: string
}

/** Reads `ext.citations` defensively: only well-formed entries. */
export function citationsOf(ext: Record<string, unknown> | undefined): Citation[] {
  const raw = ext?.citations
  if (!Array.isArray(raw)) return []
  return raw.filter(
    (item): item is Citation => typeof item === 'object' && item !== null && typeof (item as Citation).title === 'string' && typeof (item as Citation).documentId === 'string',
  )
}

/** Numbered source chips under a bot reply; a chip opens the source, or shows where it comes from. */
export function Citations({ citations }: { citations: Citation[] }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<number | undefined>()
  if (citations.length === 0) return null
  const shown = open === undefined ? undefined : citations[open]
  return (
    <div className="citations">
      <span className="muted small">{t('chat.citations')}</span>
      <ol>
        {citations.map((citation, index) => (
          <li key={`${citation.documentId}:${citation.chunkId}:${index}`}>
            {citation.url ? (
              <a className="citation" href={citation.url} target="_blank" rel="noopener noreferrer" data-testid="citation">
                <span className="citation-number">{index + 1}</span>
                {citation.title}
              </a>
            ) : (
              <button type="button" className="citation" aria-expanded={open === index} onClick={() => setOpen(open === index ? undefined : index)} data-testid="citation">
                <span className="citation-number">{index + 1}</span>
                {citation.title}
              </button>
            )}
          </li>
        ))}
      </ol>
      {shown && (
        <div className="citation-detail" role="note">
          <strong>{shown.title}</strong>
          {shown.text && <p>{shown.text}</p>}
          <p className="muted small">
            {t('chat.citationSource', { documentId: shown.documentId, chunkId: shown.chunkId })}
          </p>
        </div>
      )}
    </div>
  )
}
