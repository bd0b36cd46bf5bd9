import type { ParsedDocument } from './parsed-document.js'

/** Plain text: paragraphs are separated by blank lines; single line breaks inside one are kept. */
export function parseText(text: string, title?: string): ParsedDocument {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => ({ kind: 'paragraph' as const, text: paragraph }))
  return title === undefined ? { blocks } : { title, blocks }
}
