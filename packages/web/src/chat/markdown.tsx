import DOMPurify from 'dompurify'
import { marked } from 'marked'
import { useMemo } from 'react'

marked.setOptions({ gfm: true, breaks: true })

// Links open in a new tab without handing the opener over.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

/** Markdown (GFM) rendered to sanitised HTML: no scripts, no event handlers, no foreign frames. */
export function Markdown({ text }: { text: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(text, { async: false }), { FORBID_TAGS: ['style', 'iframe', 'form', 'input'] }), [text])
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
}
