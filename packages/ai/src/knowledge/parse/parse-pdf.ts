import { WarblerError } from '@warbler/protocol'
import { documentTooLarge, type DocumentLimits } from './document-limits.js'
import type { DocumentBlock, ParsedDocument } from './parsed-document.js'

/**
 * A PDF through unpdf (a serverless build of PDF.js): text per page, split into paragraphs on
 * blank lines. A PDF is a random-access format, so the whole file is needed in memory. Pages are
 * read one at a time and let go; more than `maxPdfPages` pages, or more than `maxTextChars` of
 * text, fail with `document_too_large` (the parser thread's heap limit bounds a single stream).
 */
export async function parsePdf(data: Uint8Array, title: string | undefined, limits: Pick<DocumentLimits, 'maxPdfPages' | 'maxTextChars'>): Promise<ParsedDocument> {
  const { getDocumentProxy } = await import('unpdf')
  const pages: string[] = []
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined
  try {
    pdf = await getDocumentProxy(new Uint8Array(data))
    if (pdf.numPages > limits.maxPdfPages) {
      throw documentTooLarge(`The PDF file has ${pdf.numPages} pages, more than the limit of ${limits.maxPdfPages}.`)
    }
    let characters = 0
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const content = await page.getTextContent()
      let text = ''
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '')
      page.cleanup()
      characters += text.length
      if (characters > limits.maxTextChars) throw textTooLong(limits)
      pages.push(text)
    }
  } catch (error) {
    if (WarblerError.isInstance(error)) throw error
    throw new WarblerError('validation_failed', `The PDF file could not be read: ${(error as Error).message}`, { cause: error })
  } finally {
    await pdf?.destroy()
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

function textTooLong(limits: Pick<DocumentLimits, 'maxTextChars'>): WarblerError {
  return documentTooLarge(`The PDF file holds more than ${limits.maxTextChars.toLocaleString('en-US')} characters of text, the limit per document.`)
}
