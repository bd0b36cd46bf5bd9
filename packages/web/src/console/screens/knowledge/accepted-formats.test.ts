import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../../../ai/src/knowledge/parse/parse-file.js'
import { ACCEPTED_EXTENSIONS, ACCEPTED_MEDIA_TYPES } from './accepted-formats.js'

describe('the knowledge file picker', () => {
  it('offers only what the server parses, and every format it parses', () => {
    for (const extension of ACCEPTED_EXTENSIONS) expect(() => detectFormat(`file${extension}`, undefined), extension).not.toThrow()
    for (const type of ACCEPTED_MEDIA_TYPES) expect(() => detectFormat(undefined, type), type).not.toThrow()
    const formats = new Set(ACCEPTED_EXTENSIONS.map((extension) => detectFormat(`file${extension}`, undefined)))
    expect([...formats].sort()).toEqual(['csv', 'docx', 'html', 'markdown', 'pdf', 'text'])
  })

  it('does not offer what the server refuses', () => {
    expect(() => detectFormat('file.doc', undefined)).toThrow()
    expect(ACCEPTED_EXTENSIONS).not.toContain('.doc' as never)
  })
})
