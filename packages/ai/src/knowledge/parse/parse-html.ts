import { Parser } from 'htmlparser2'
import type { DocumentBlock, ParsedDocument } from './parsed-document.js'

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'footer', 'iframe', 'form', 'button'])
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote',
  'pre', 'figure', 'figcaption', 'br', 'hr', 'address', 'details', 'summary', 'body', 'html',
])

/** The result of parsing an HTML page: the document plus the links found in it (for crawling). */
export interface ParsedHtml extends ParsedDocument {
  links: string[]
}

/**
 * HTML with a real parser (htmlparser2): `<h1>`–`<h6>` become headings, `<table>` rows become a
 * table block, `<pre>` a code block (line breaks kept), block elements end paragraphs,
 * scripts/styles/navigation are dropped, and
 * `<title>` (or the first `<h1>`) names the document. Links are collected for the crawler.
 */
export function parseHtml(html: string, fallbackTitle?: string): ParsedHtml {
  const blocks: DocumentBlock[] = []
  const links: string[] = []
  let title: string | undefined
  let text = ''
  let skipDepth = 0
  let inTitle = false
  let headingLevel = 0
  let table: string[] | undefined
  let row: string[] | undefined
  let cell: string | undefined
  let pre = false

  const flushText = (): void => {
    const value = text.replace(/\s+/g, ' ').trim()
    text = ''
    if (value === '') return
    if (headingLevel > 0) blocks.push({ kind: 'heading', level: headingLevel, text: value })
    else blocks.push({ kind: 'paragraph', text: value })
  }

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true
        if (SKIPPED.has(name)) {
          skipDepth++
          return
        }
        if (skipDepth > 0) return
        if (name === 'a' && attributes.href) links.push(attributes.href)
        // Markup inside <pre> (<code>, highlighting <span>s) adds no break.
        if (pre) return
        if (/^h[1-6]$/.test(name)) {
          flushText()
          headingLevel = Number(name[1])
        } else if (name === 'pre' && !cell) {
          flushText()
          pre = true
        } else if (name === 'table') {
          flushText()
          table = []
        } else if (name === 'tr' && table) row = []
        else if ((name === 'td' || name === 'th') && row) cell = ''
        else if (BLOCK.has(name) && !cell) flushText()
      },
      ontext(data) {
        if (inTitle) {
          title = (title ?? '') + data
          return
        }
        if (skipDepth > 0) return
        if (cell !== undefined) cell += data
        else if (table === undefined) text += data
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1)
          return
        }
        if (skipDepth > 0) return
        if (pre && name !== 'pre') return
        if (name === 'pre' && pre) {
          // Preformatted text keeps its line breaks: a code block, not a paragraph.
          const code = text.replace(/^\s*\n|\s+$/g, '')
          text = ''
          pre = false
          if (code.trim() !== '') blocks.push({ kind: 'code', text: code })
        } else if (/^h[1-6]$/.test(name)) {
          flushText()
          headingLevel = 0
        } else if ((name === 'td' || name === 'th') && row && cell !== undefined) {
          row.push(cell.replace(/\s+/g, ' ').trim())
          cell = undefined
        } else if (name === 'tr' && table && row) {
          if (row.some((value) => value !== '')) table.push(row.join(' | '))
          row = undefined
        } else if (name === 'table' && table) {
          if (table.length > 0) blocks.push({ kind: 'table', rows: table })
          table = undefined
        } else if (BLOCK.has(name) && cell === undefined) flushText()
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  )
  parser.write(html)
  parser.end()
  flushText()
  const cleanTitle = title?.replace(/\s+/g, ' ').trim()
  const firstHeading = blocks.find((block) => block.kind === 'heading')
  const resolvedTitle = cleanTitle || (firstHeading?.kind === 'heading' ? firstHeading.text : undefined) || fallbackTitle
  return resolvedTitle === undefined ? { blocks, links } : { title: resolvedTitle, blocks, links }
}
