import { WarblerError } from '@warbler/protocol'
import type { DocumentBlock, ParsedDocument } from './parsed-document.js'

/**
 * A PDF through unpdf (a serverless build of PDF.js): text per page, split into paragraphs on
 * blank lines. A PDF is a random-access format, so the whole file is needed in memory.
 */
export async function parsePdf(data: Uint8Array, title?: string): Promise<ParsedDocument> {
  const { extractText, getDocumentProxy } = await import('unpdf')
  let pages: string[]
  try {
    const pdf = await getDocumentProxy(new Uint8Array(data))
    pages = (await extractText(pdf, { mergePages: false })).text
  } catch (error) {
    throw new WarblerError('validation_failed', `The PDF file could not be read: ${(error as Error).message}`, { cause: error })
  }
  const blocks: DocumentBlock[] = []
  for (const page of pages) {
    // PDF text comes as lines; rejoin lines into paragraphs, breaking on blank lines and on lines
    // that end a sentence and are visibly short (a paragraph's last line).
    for (const paragraph of page.split(/\n\s*\n/)) {
      const text = paragraph.replace(/-\n(?=\p{Ll})/gu, '').replace(/\s*\n\s*/g, (match, offset: number) => {
        const before = paragraph[offset - 1] ?? ''
        return /[\p{Script=Han}，。！？；：]/u.test(before) ? '' : ' '
      })
      if (text.trim() !== '') blocks.push({ kind: 'paragraph', text: text.trim() })
    }
  }
  return title === undefined ? { blocks } : { title, blocks }
}
