import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CHUNK_OPTIONS } from '../chunk/chunk-document.js'
import { makeDocx, makePdf } from '../testing/document-fixtures.js'
import { DEFAULT_DOCUMENT_LIMITS } from './document-limits.js'
import { DocumentParser } from './document-parser.js'
import { makeDocxBomb } from './testing/zip-bombs.js'

const MiB = 1024 * 1024
const request = (format: 'docx' | 'pdf' | 'markdown', data: Uint8Array, limits = {}) => ({
  format,
  data,
  chunking: DEFAULT_CHUNK_OPTIONS,
  limits: { ...DEFAULT_DOCUMENT_LIMITS, ...limits },
})

// These run the compiled parser script (dist/), as the server does: `npx tsc -b packages/ai` first.
describe('DocumentParser', () => {
  let parser: DocumentParser | undefined
  afterEach(async () => {
    await parser?.close()
    parser = undefined
  })

  it('parses every format in its process while the event loop keeps turning', async () => {
    parser = new DocumentParser()
    expect(parser.isolated).toBe(true)
    const docx = await parser.parse(request('docx', await makeDocx('Returns', 'Within 30 days.')))
    expect(docx.chunks.map((chunk) => chunk.text)).toEqual(['Within 30 days.'])
    const pdf = await parser.parse(request('pdf', makePdf(['Refunds are paid within 30 days.'])))
    expect(pdf.chunks[0]!.text).toContain('Refunds are paid')
    // A large honest document takes a while to parse; the loop must not stall meanwhile.
    const big = await makeDocxBomb(12 * MiB)
    let longestGap = 0
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 5)
    const started = performance.now()
    const result = await parser.parse(request('docx', big, { maxChunks: 1_000_000, maxTextChars: 100_000_000 }))
    const took = performance.now() - started
    clearInterval(ticker)
    expect(result.chunks.length).toBeGreaterThan(10_000)
    expect(took).toBeGreaterThan(500)
    expect(longestGap).toBeLessThan(Math.max(250, took / 4))
  })

  it('fails a document that needs more heap than the parser process has, and the next document still parses', async () => {
    parser = new DocumentParser({ memoryMb: 32 })
    await expect(parser.parse(request('docx', await makeDocxBomb(30 * MiB), { maxExtractedBytes: 64 * MiB, maxChunks: 1_000_000 }))).rejects.toMatchObject({
      code: 'document_too_large',
      message: "Parsing the document needed more memory than the parser's limit of 32 MB.",
    })
    const next = await parser.parse(request('markdown', Buffer.from('# Hello\n\nStill here.')))
    expect(next.chunks[0]!.text).toBe('Still here.')
  })

  it('stops a parse that runs past its deadline', async () => {
    parser = new DocumentParser({ timeoutMs: 1_000 })
    await expect(parser.parse(request('docx', await makeDocxBomb(12 * MiB), { maxChunks: 1_000_000 }))).rejects.toMatchObject({
      code: 'document_too_large',
      message: 'Parsing the document took longer than the limit of 1 s.',
    })
    expect((await parser.parse(request('markdown', Buffer.from('again')))).chunks).toHaveLength(1)
  })

  it('queues documents beyond its processes and fails them with the limits they cross', async () => {
    parser = new DocumentParser({ workers: 1 })
    const text = Buffer.from(Array.from({ length: 50 }, (_, index) => `Paragraph number ${index}.`).join('\n\n'))
    const results = await Promise.allSettled([
      parser.parse(request('markdown', text, { maxChunks: 3 })),
      parser.parse(request('markdown', text, { maxTextChars: 100 })),
      parser.parse(request('markdown', text)),
    ])
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'document_too_large', message: expect.stringMatching(/makes \d+ chunks, more than the limit of 3/) } })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'document_too_large', message: expect.stringContaining('more than the limit of 100') } })
    expect(results[2]).toMatchObject({ status: 'fulfilled' })
  })
})
