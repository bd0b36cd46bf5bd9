/** A passage ready to quote: its text, and its markdown with a `[n]` marker. */
export interface RenderedPassage {
  /** The passage as quoted (shortened to the limit, structure kept): a citation's `text`. */
  plain: string
  /** Markdown for the answer: prose as a quote, code as a code block, tables as tables, lists as lists. */
  markdown(index: number): string
}

const FENCE = /^```[^\n]*\n([\s\S]*?)\n?```$/
const LIST_LINE = /^(?:[-*+]|\d+[.)])\s/

/** Cuts text at `max` characters, at a line end when one is near, marking the cut with "…". */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const lineEnd = cut.lastIndexOf('\n')
  return `${(lineEnd > max * 0.6 ? cut.slice(0, lineEnd) : cut).trimEnd()}…`
}

/** Rows of a table chunk ("a | b | c" lines, as the chunker stores them), or undefined. */
function tableRows(lines: string[]): string[][] | undefined {
  if (lines.length < 2 || !lines.every((line) => line.includes(' | '))) return undefined
  const rows = lines.map((line) => line.split(' | ').map((cell) => cell.trim().replace(/\|/g, '\\|')))
  return rows.every((row) => row.length === rows[0]!.length) ? rows : undefined
}

/**
 * Renders a retrieved passage for an extractive answer so its structure survives: a fenced code
 * block stays a code block with its line breaks (shortened inside the fence, which is closed
 * again), table rows become a markdown table, list items stay a list, prose becomes a quote.
 *
 * @example
 * ```ts
 * renderPassage('```sh\nwarbler start\n```', 900).markdown(1) // '```sh\nwarbler start\n```\n[1]'
 * ```
 */
export function renderPassage(text: string, maxChars: number): RenderedPassage {
  const trimmed = text.trim()
  const fence = FENCE.exec(trimmed)
  if (fence) {
    const opening = trimmed.slice(0, trimmed.indexOf('\n'))
    const plain = `${opening}\n${shorten(fence[1]!, maxChars)}\n\`\`\``
    return { plain, markdown: (index) => `${plain}\n[${index}]` }
  }
  const plain = shorten(trimmed, maxChars)
  const lines = plain.split('\n').filter((line) => line.trim() !== '')
  const rows = tableRows(lines)
  if (rows) {
    const table = [rows[0]!, rows[0]!.map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.join(' | ')} |`).join('\n')
    return { plain, markdown: (index) => `${table}\n\n[${index}]` }
  }
  if (lines.every((line) => LIST_LINE.test(line))) return { plain, markdown: (index) => `${lines.join('\n')} [${index}]` }
  return { plain, markdown: (index) => `${lines.map((line) => `> ${line}`).join('\n')} [${index}]` }
}
