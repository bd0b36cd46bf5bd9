import { describe, expect, it } from 'vitest'
import { makePdf } from '../testing/document-fixtures.js'
import { parsePdf } from './parse-pdf.js'

describe('parsePdf limits', () => {
  it('refuses more pages or text than allowed, and reads a PDF within them', async () => {
    const pdf = makePdf(['Refunds are paid within 30 days.', 'Contact support first.'])
    await expect(parsePdf(pdf, undefined, { maxPdfPages: 0, maxTextChars: 1_000 })).rejects.toMatchObject({
      code: 'document_too_large',
      message: 'The PDF file has 1 pages, more than the limit of 0.',
    })
    await expect(parsePdf(pdf, undefined, { maxPdfPages: 10, maxTextChars: 20 })).rejects.toMatchObject({
      code: 'document_too_large',
      message: 'The PDF file holds more than 20 characters of text, the limit per document.',
    })
    const document = await parsePdf(pdf, 'Refunds', { maxPdfPages: 10, maxTextChars: 1_000 })
    expect(document.blocks.map((block) => ('text' in block ? block.text : ''))).toEqual(['Refunds are paid within 30 days. Contact support first.'])
  })
})
