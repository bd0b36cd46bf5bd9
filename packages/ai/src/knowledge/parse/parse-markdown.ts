import type { DocumentBlock, ParsedDocument } from './parsed-document.js'

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/
const TABLE_ROW = /^\s*\|.*\|\s*$/
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/
const FENCE = /^\s*(```|~~~)/
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/

/**
 * Markdown: ATX and setext headings become heading blocks, pipe tables become table blocks (the
 * `---` rule dropped), fenced code becomes a code block (line breaks kept), runs of list items a
 * list block, everything else is split on blank lines.
 * Inline markup (`**bold**`, links) is reduced to its text.
 */
export function parseMarkdown(markdown: string, title?: string): ParsedDocument {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const blocks: DocumentBlock[] = []
  let paragraph: string[] = []
  const flushParagraph = (): void => {
    const text = paragraph.join('\n').trim()
    if (text !== '') blocks.push({ kind: 'paragraph', text: stripInline(text) })
    paragraph = []
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (FENCE.test(line)) {
      flushParagraph()
      const fence = line.trim().slice(0, 3)
      const language = line.trim().slice(3).trim().split(/\s/)[0] ?? ''
      const code: string[] = []
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence); i++) code.push(lines[i]!)
      const text = code.join('\n').replace(/^\n+|\s+$/g, '')
      if (text.trim() !== '') blocks.push(language === '' ? { kind: 'code', text } : { kind: 'code', text, language })
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item && paragraph.length === 0) {
      const ordered = /\d/.test(item[1]!)
      const items: string[] = []
      for (; i < lines.length; i++) {
        const current = LIST_ITEM.exec(lines[i]!)
        if (current) items.push(current[2]!.trim())
        else if (lines[i]!.trim() !== '' && /^\s+/.test(lines[i]!) && items.length > 0) items[items.length - 1] += ' ' + lines[i]!.trim()
        else break
      }
      i--
      blocks.push({ kind: 'list', items: items.map(stripInline), ordered })
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      flushParagraph()
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: stripInline(heading[2]!) })
      continue
    }
    const next = lines[i + 1]
    if (next !== undefined && line.trim() !== '' && paragraph.length === 0 && /^(=+|-+)\s*$/.test(next)) {
      blocks.push({ kind: 'heading', level: next.trim().startsWith('=') ? 1 : 2, text: stripInline(line.trim()) })
      i++
      continue
    }
    if (TABLE_ROW.test(line)) {
      flushParagraph()
      const rows: string[] = []
      for (; i < lines.length && TABLE_ROW.test(lines[i]!); i++) {
        if (TABLE_RULE.test(lines[i]!)) continue
        const cells = lines[i]!.trim().replace(/^\||\|$/g, '').split('|').map((cell) => stripInline(cell.trim()))
        rows.push(cells.join(' | '))
      }
      i--
      blocks.push({ kind: 'table', rows })
      continue
    }
    if (line.trim() === '') {
      flushParagraph()
      continue
    }
    paragraph.push(line.replace(/^\s*([-*+]|\d+[.)])\s+/, '').replace(/^\s*>\s?/, ''))
  }
  flushParagraph()
  return title === undefined ? { blocks } : { title, blocks }
}

function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
}
