import { WarblerError } from '@warbler/protocol'
import { parseCsv } from './parse-csv.js'
import { parseDocx } from './parse-docx.js'
import { parseHtml } from './parse-html.js'
import { parseMarkdown } from './parse-markdown.js'
import { parsePdf } from './parse-pdf.js'
import { parseText } from './parse-text.js'
import type { ParsedDocument } from './parsed-document.js'
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js'

/** The formats the knowledge base reads. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'csv'

const BY_EXTENSION: Record<string, DocumentFormat> = {
  txt: 'text', text: 'text', log: 'text', md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html',
  xhtml: 'html', pdf: 'pdf', docx: 'docx', csv: 'csv',
}
const BY_MEDIA_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'text', 'text/markdown': 'markdown', 'text/x-markdown': 'markdown', 'text/html': 'html',
  'application/xhtml+xml': 'html', 'application/pdf': 'pdf', 'text/csv': 'csv', 'application/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
}

/**
 * Picks the format from the file name's extension, then the content type; throws
 * `unsupported_media_type` for anything else (images, .doc, spreadsheets, ...).
 */
export function detectFormat(filename: string | undefined, contentType: string | undefined): DocumentFormat {
  const extension = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1]
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension]
  if (byExtension) return byExtension
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase()
  const byType = mediaType === undefined ? undefined : BY_MEDIA_TYPE[mediaType]
  if (byType) return byType
  throw new WarblerError(
    'unsupported_media_type',
    `Cannot read "${filename ?? 'file'}" (${contentType ?? 'no content type'}): use txt, md, html, pdf, docx or csv.`,
  )
}

/** Decodes UTF-8 (BOM dropped); a file full of invalid sequences is refused as not text. */
export function decodeText(data: Uint8Array, label = 'file'): string {
  const text = new TextDecoder('utf-8').decode(data)
  const bad = text.match(/\uFFFD/g)?.length ?? 0
  if (text.includes('\u0000') || (bad > 16 && bad > text.length / 50)) {
    throw new WarblerError('validation_failed', `The ${label} is not UTF-8 text.`)
  }
  return text.replace(/^\uFEFF/, '')
}

/** Parses file bytes in the given format; archives and PDFs within `limits`. */
export async function parseFile(format: DocumentFormat, data: Uint8Array, title?: string, limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS): Promise<ParsedDocument> {
  switch (format) {
    case 'text':
      return parseText(decodeText(data), title)
    case 'markdown':
      return parseMarkdown(decodeText(data), title)
    case 'html': {
      const { links: _links, ...document } = parseHtml(decodeText(data), title)
      return title === undefined ? document : { ...document, title }
    }
    case 'pdf':
      return parsePdf(data, title, limits)
    case 'docx':
      return parseDocx(data, title, limits)
    case 'csv':
      return parseCsv(data, title)
  }
}
