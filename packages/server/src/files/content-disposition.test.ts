import { describe, expect, it } from 'vitest'
import { contentDisposition } from './content-disposition.js'

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('attachment', '报告 "final".pdf')).toBe(`attachment; filename="__ _final_.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22final%22.pdf`)
  })

  it('never lets header breaks, separators or quotes through', () => {
    const header = contentDisposition('inline', 'a"\r\nSet-Cookie: x=1;/..\\evil.png')
    expect(header).not.toMatch(/[\r\n]/)
    expect(header.split('"').length).toBe(3)
    expect(header).toContain('filename*=UTF-8')
    expect(contentDisposition('attachment', '')).toBe(`attachment; filename="file"; filename*=UTF-8''file`)
  })
})
