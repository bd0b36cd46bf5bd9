/**
 * The file picker's `accept`: every format the server's knowledge parser reads (see
 * `detectFormat` in @warbler/ai: text, Markdown, HTML, PDF, Word .docx, CSV Q&A), by extension and
 * by media type, so no readable file is greyed out and nothing unreadable is offered.
 */
export const ACCEPTED_EXTENSIONS = ['.pdf', '.docx', '.csv', '.md', '.markdown', '.html', '.htm', '.xhtml', '.txt', '.text', '.log'] as const

/** Media types the parser reads, for systems whose pickers go by type. */
export const ACCEPTED_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/csv',
  'text/markdown',
  'text/html',
  'application/xhtml+xml',
  'text/plain',
] as const

/** The `accept` attribute value. */
export const ACCEPT_ATTRIBUTE = [...ACCEPTED_EXTENSIONS, ...ACCEPTED_MEDIA_TYPES].join(',')
