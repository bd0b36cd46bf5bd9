import { WarblerError } from '@warbler/protocol'
import { parseHtml } from './parse-html.js'
import type { ParsedDocument } from './parsed-document.js'

/**
 * A Word document: mammoth turns it into semantic HTML (headings from Word's heading styles,
 * tables, lists), which the HTML parser turns into blocks, so headings reach the chunker.
 */
export async function parseDocx(data: Uint8Array, title?: string): Promise<ParsedDocument> {
  const mammoth = (await import('mammoth')).default
  let html: string
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) })).value
  } catch (error) {
    throw new WarblerError('validation_failed', `The DOCX file could not be read: ${(error as Error).message}`, { cause: error })
  }
  const { blocks } = parseHtml(html)
  return title === undefined ? { blocks } : { title, blocks }
}
