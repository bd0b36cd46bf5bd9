import { WarblerError } from '@warbler/protocol'
import type { EvalItem } from '../storage/evaluation-store.js'

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const source = text.replace(/^\uFEFF/, '')
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"'
        index++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (quoted) throw new WarblerError('validation_failed', 'The CSV has a quoted field that never ends.')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''))
}

const COLUMNS: Record<string, 'question' | 'expected' | 'expectedDocumentIds'> = {
  question: 'question', 问题: 'question',
  expected: 'expected', answer: 'expected', 期望答案: 'expected', 答案: 'expected',
  expecteddocumentids: 'expectedDocumentIds', expected_document_ids: 'expectedDocumentIds', documentids: 'expectedDocumentIds', 文档: 'expectedDocumentIds',
}

/**
 * Eval items from CSV with a header row: `question` (required), `expected` and
 * `expectedDocumentIds` (several values in one cell separated by `|`). Chinese headers work too
 * (问题, 期望答案, 文档).
 *
 * @example
 * ```ts
 * itemsFromCsv('question,expected\n"How much is Pro?",¥99|99 yuan\n')
 * // [{ question: 'How much is Pro?', expected: ['¥99', '99 yuan'] }]
 * ```
 */
export function itemsFromCsv(text: string): EvalItem[] {
  const [header, ...rows] = parseCsv(text)
  if (!header) throw new WarblerError('validation_failed', 'The CSV is empty.')
  const columns = header.map((name) => COLUMNS[name.trim().toLowerCase().replace(/\s+/g, '')])
  if (!columns.includes('question')) throw new WarblerError('validation_failed', 'The CSV needs a "question" column in its header row.')
  return rows.map((cells, rowIndex) => {
    const item: EvalItem = { question: '' }
    columns.forEach((column, index) => {
      const value = (cells[index] ?? '').trim()
      if (!column || value === '') return
      if (column === 'question') item.question = value
      else {
        const values = value.split('|').map((part) => part.trim()).filter(Boolean)
        if (values.length > 0) item[column] = values
      }
    })
    if (item.question === '') throw new WarblerError('validation_failed', `Row ${rowIndex + 2} of the CSV has no question.`)
    return item
  })
}
