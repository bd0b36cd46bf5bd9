import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from './markdown.js'

/** A source a bot reply cites (from the message's `ext.citations`). */
export interface Citation {
  title: string
  documentId: string
  chunkId: string
  url?: string
  /** The passage the answer relies on. */
  text?: string
  /** Headings above the passage, outermost first. */
  headingPath?: string[]
}

/** A chip's label: the document title and the heading path ("deploy.md › Cluster › Load balancer"). */
export function citationLabel(citation: Citation): string {
  const headings = Array.isArray(citation.headingPath) ? citation.headingPath.filter((heading) => typeof heading === 'string' && heading !== '') : []
  return [citation.title, ...headings].join(' › ')
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
                {citationLabel(citation)}
              </a>
            ) : (
              <button type="button" className="citation" aria-expanded={open === index} onClick={() => setOpen(open === index ? undefined : index)} data-testid="citation">
                <span className="citation-number">{index + 1}</span>
                {citationLabel(citation)}
              </button>
            )}
          </li>
        ))}
      </ol>
      {shown && (
        <div className="citation-detail" role="note">
          <strong>{citationLabel(shown)}</strong>
          {shown.text ? <Markdown text={shown.text} /> : <p className="muted small">{t('chat.citationSource', { documentId: shown.documentId, chunkId: shown.chunkId })}</p>}
        </div>
      )}
    </div>
  )
}
