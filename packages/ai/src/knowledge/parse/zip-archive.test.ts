import { describe, expect, it } from 'vitest'
import { makeDocx } from '../testing/document-fixtures.js'
import { DEFAULT_DOCUMENT_LIMITS } from './document-limits.js'
import { parseFile } from './parse-file.js'
import { makeDocxBomb, makeDocxWithLyingSize, makeZipWithEntries } from './testing/zip-bombs.js'
import { ZipArchive } from './zip-archive.js'

const MiB = 1024 * 1024
const limits = { ...DEFAULT_DOCUMENT_LIMITS, maxExtractedBytes: 8 * MiB, maxArchiveEntries: 1_000 }

describe('ZipArchive limits', () => {
  it('refuses a DOCX whose text parts declare more than the inflate budget, before inflating anything', async () => {
    const bomb = await makeDocxBomb(40 * MiB)
    expect(bomb.length).toBeLessThan(200 * 1024)
    const before = process.memoryUsage().arrayBuffers
    await expect(parseFile('docx', bomb, undefined, limits)).rejects.toMatchObject({
      code: 'document_too_large',
      message: expect.stringMatching(/inflate to 40(\.\d)? MiB, more than the limit of 8 MiB/),
    })
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MiB)
  })

  it('stops inflating at the budget when an entry lies about its size', async () => {
    const liar = await makeDocxWithLyingSize(40 * MiB, 1_000)
    const archive = new ZipArchive(liar, limits) // the directory alone looks harmless
    expect(() => archive.read('word/document.xml')).toThrow(expect.objectContaining({ code: 'document_too_large', message: expect.stringContaining('more than the limit of 8 MiB') }))
    await expect(parseFile('docx', liar, undefined, limits)).rejects.toMatchObject({ code: 'document_too_large' })
  })

  it('refuses an entry that inflates to other than it declares, within the budget', async () => {
    const liar = await makeDocxWithLyingSize(64 * 1024, 1_000)
    await expect(parseFile('docx', liar, undefined, limits)).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('declares 1000') })
  })

  it('counts central-directory entries: 100k entries (zip64), and a directory longer than its end record says', () => {
    expect(() => new ZipArchive(makeZipWithEntries(100_000), limits)).toThrow(
      expect.objectContaining({ code: 'document_too_large', message: 'The DOCX file has 100000 entries, more than the limit of 1000.' }),
    )
    expect(() => new ZipArchive(makeZipWithEntries(1_500, 1), limits)).toThrow(expect.objectContaining({ code: 'document_too_large', message: expect.stringContaining('more than 1000 entries') }))
    expect(new ZipArchive(makeZipWithEntries(1_000), limits).names()).toHaveLength(1_000)
  })

  it('still reads a normal DOCX, and a bomb within a larger budget', async () => {
    const document = await parseFile('docx', await makeDocx('保修', '整机保修一年。'), undefined, limits)
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: '保修' },
      { kind: 'paragraph', text: '整机保修一年。' },
    ])
    const small = await parseFile('docx', await makeDocxBomb(256 * 1024), undefined, limits)
    expect(small.blocks.length).toBeGreaterThan(1000)
  })
})
