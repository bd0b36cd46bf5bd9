import { WarblerError } from '@warbler/protocol'
import type { DocumentLimits } from './document-limits.js'
import { parseHtml } from './parse-html.js'
import type { ParsedDocument } from './parsed-document.js'
import { ZipArchive } from './zip-archive.js'

/**
 * A Word document: mammoth turns it into semantic HTML (headings from Word's heading styles,
 * tables, lists), which the HTML parser turns into blocks, so headings reach the chunker.
 * Mammoth reads the parts through a {@link ZipArchive}, so the archive's entry count and inflated
 * size are capped (zip bombs fail with `document_too_large`); images are never read.
 */
export async function parseDocx(data: Uint8Array, title: string | undefined, limits: Pick<DocumentLimits, 'maxArchiveEntries' | 'maxExtractedBytes'>): Promise<ParsedDocument> {
  const archive = new ZipArchive(data, limits)
  const mammoth = (await import('mammoth')).default
  let html: string
  try {
    // `file` is mammoth's own zip-reader seam (lib/unzip.js): what it reads goes through our limits.
    const input = { file: mammothFile(archive) } as unknown as Parameters<typeof mammoth.convertToHtml>[0]
    const options = { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) }
    html = (await mammoth.convertToHtml(input, options)).value
  } catch (error) {
    if (WarblerError.isInstance(error)) throw error
    throw new WarblerError('validation_failed', `The DOCX file could not be read: ${(error as Error).message}`, { cause: error })
  }
  const { blocks } = parseHtml(html)
  return title === undefined ? { blocks } : { title, blocks }
}

/** The zip interface mammoth's docx reader calls. */
function mammothFile(archive: ZipArchive) {
  return {
    exists: (name: string) => archive.has(name),
    read: async (name: string, encoding?: string) => {
      const content = archive.read(name)
      if (encoding === 'base64') return content.toString('base64')
      return encoding ? new TextDecoder(encoding).decode(content) : content
    },
    write: () => {
      throw new Error('The DOCX file is read-only here.')
    },
    toArrayBuffer: () => {
      throw new Error('The DOCX file is read-only here.')
    },
  }
}
