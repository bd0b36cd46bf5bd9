import { describe, expect, it } from 'vitest'
import { makeDocx, makePdf } from '../testing/document-fixtures.js'
import { detectFormat, parseFile } from './parse-file.js'
import { parseHtml } from './parse-html.js'

const utf8 = (text: string) => Buffer.from(text, 'utf8')

describe('parsers', () => {
  it('reads plain text paragraphs', async () => {
    const document = await parseFile('text', utf8('\uFEFFFirst paragraph\nstill first.\n\n\nSecond.'))
    expect(document.blocks).toEqual([
      { kind: 'paragraph', text: 'First paragraph\nstill first.' },
      { kind: 'paragraph', text: 'Second.' },
    ])
  })

  it('reads markdown headings, tables and links', async () => {
    const document = await parseFile('markdown', utf8('# 退款\n\n请看[政策](http://x)。\n\n| 天数 | 比例 |\n|---|---|\n| 7 | 100% |\n\nSub\n---\n\ntext'))
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: '退款' },
      { kind: 'paragraph', text: '请看政策。' },
      { kind: 'table', rows: ['天数 | 比例', '7 | 100%'] },
      { kind: 'heading', level: 2, text: 'Sub' },
      { kind: 'paragraph', text: 'text' },
    ])
  })

  it('reads HTML with a real parser: headings, tables, entities; drops scripts and navigation', () => {
    const html = parseHtml(
      '<html><head><title>FAQ &amp; Help</title><script>var x = "<p>no</p>"</script></head><body><nav>Menu</nav>' +
        '<h1>Shipping</h1><p>We ship <b>worldwide</b>.</p><table><tr><th>Zone</th><th>Days</th></tr><tr><td>EU</td><td>3</td></tr></table>' +
        '<a href="/returns">Returns</a></body></html>',
    )
    expect(html.title).toBe('FAQ & Help')
    expect(html.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Shipping' },
      { kind: 'paragraph', text: 'We ship worldwide.' },
      { kind: 'table', rows: ['Zone | Days', 'EU | 3'] },
      { kind: 'paragraph', text: 'Returns' },
    ])
    expect(html.links).toEqual(['/returns'])
  })

  it('keeps an HTML <pre> block as code with its line breaks', () => {
    const html = parseHtml('<h2>Start</h2><p>Run:</p><pre><code class="language-sh">export PORT=8080\n<span>warbler</span> start\n</code></pre><p>Done.</p>')
    expect(html.blocks).toEqual([
      { kind: 'heading', level: 2, text: 'Start' },
      { kind: 'paragraph', text: 'Run:' },
      { kind: 'code', text: 'export PORT=8080\nwarbler start' },
      { kind: 'paragraph', text: 'Done.' },
    ])
  })

  it('reads CSV question/answer rows as Q&A blocks, quoted commas and newlines included', async () => {
    const document = await parseFile('csv', utf8('问题,答案\n"能退款吗？","可以，30天内。"\n"How, exactly?","Line one\nline two"\n'))
    expect(document.blocks).toEqual([
      { kind: 'qa', question: '能退款吗？', answer: '可以，30天内。' },
      { kind: 'qa', question: 'How, exactly?', answer: 'Line one\nline two' },
    ])
  })

  it('reads CSV without Q&A columns as header: value rows', async () => {
    const document = await parseFile('csv', utf8('sku,name\nA1,Widget\n'))
    expect(document.blocks).toEqual([{ kind: 'paragraph', text: 'sku: A1; name: Widget' }])
  })

  it('extracts the text of a PDF', async () => {
    const document = await parseFile('pdf', makePdf(['Refunds are paid within 30 days.', 'Contact support first.']))
    const text = document.blocks.map((block) => (block.kind === 'paragraph' ? block.text : '')).join(' ')
    expect(text).toContain('Refunds are paid within 30 days.')
    expect(text).toContain('Contact support first.')
  })

  it('reads a DOCX with its headings', async () => {
    const document = await parseFile('docx', await makeDocx('保修政策', '整机保修一年。'))
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: '保修政策' },
      { kind: 'paragraph', text: '整机保修一年。' },
    ])
  })

  it('refuses a broken PDF or DOCX with a clear validation error', async () => {
    await expect(parseFile('pdf', utf8('not a pdf at all'))).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('PDF') })
    await expect(parseFile('docx', utf8('not a zip'))).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('DOCX') })
  })

  it('detects formats by extension, then content type, and refuses others', () => {
    expect(detectFormat('a.MD', undefined)).toBe('markdown')
    expect(detectFormat('upload', 'application/pdf')).toBe('pdf')
    expect(() => detectFormat('photo.png', 'image/png')).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }))
  })
})
