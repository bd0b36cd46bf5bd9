import type { SourceContent, SourceItemState, SourceUpsert } from './connector.js'
import type { SourceHttp, SourceResponse } from './source-http.js'
import { validatorsOf } from './source-http.js'

/** What reading one page gave. */
export type PageOutcome =
  | { kind: 'upsert'; upsert: SourceUpsert; html?: string }
  | { kind: 'unchanged' }
  | { kind: 'missing' }
  | { kind: 'failure'; error: string }

const FILE_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/csv': 'csv',
}

/** What the page's media type is read as, or undefined when it cannot be read. */
export function contentOf(response: Extract<SourceResponse, { status: 200 }>): SourceContent | undefined {
  const type = response.contentType
  if (type === 'text/html' || type === 'application/xhtml+xml') return { format: 'html', text: response.text() }
  if (type === 'text/markdown' || type === 'text/x-markdown') return { format: 'markdown', text: response.text() }
  if (type === 'text/plain') return { format: 'text', text: response.text() }
  const extension = FILE_TYPES[type]
  if (extension) {
    const name = decodeURIComponent(new URL(response.url).pathname.split('/').pop() || `document.${extension}`)
    return { format: 'file', filename: name.includes('.') ? name : `${name}.${extension}`, contentType: type, data: response.body }
  }
  return undefined
}

/**
 * Reads one page with the validators of its previous answer: 304 is `unchanged` (no body, no
 * parsing), 404/410 `missing`, an unreadable type or a network error a `failure`.
 */
export async function fetchPage(http: SourceHttp, itemId: string, url: string, previous: SourceItemState | undefined): Promise<PageOutcome> {
  let response: SourceResponse
  try {
    response = await http.get(url, {
      accept: 'text/html, application/xhtml+xml, text/markdown, text/plain;q=0.9, application/pdf;q=0.8, */*;q=0.1',
      ...(previous?.etag ? { etag: previous.etag } : {}),
      ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
    })
  } catch (error) {
    return { kind: 'failure', error: error instanceof Error ? error.message : String(error) }
  }
  if (response.status === 304) return { kind: 'unchanged' }
  if (response.status !== 200) return { kind: 'missing' }
  const content = contentOf(response)
  if (!content) return { kind: 'failure', error: `${url} is ${response.contentType}, which cannot be read.` }
  const upsert: SourceUpsert = { itemId, url: response.url, content, ...validatorsOf(response) }
  return content.format === 'html' ? { kind: 'upsert', upsert, html: content.text } : { kind: 'upsert', upsert }
}
