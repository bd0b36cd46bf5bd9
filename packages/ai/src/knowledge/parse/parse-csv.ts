import { parse } from 'csv-parse'
import { WarblerError } from '@warbler/protocol'
import type { DocumentBlock, ParsedDocument } from './parsed-document.js'

const QUESTION_COLUMNS = ['question', 'questions', 'q', '问题', '问', '提问', '问句']
const ANSWER_COLUMNS = ['answer', 'answers', 'a', '答案', '答', '回答', '答复']

/**
 * A CSV file, streamed row by row. With a question and an answer column (`question`/`answer`,
 * `q`/`a`, `问题`/`答案`, any case) each row becomes one Q&A block, kept whole by the chunker.
 * Without them, each row becomes a `header: value` paragraph.
 */
export async function parseCsv(input: AsyncIterable<Uint8Array> | Uint8Array | string, title?: string): Promise<ParsedDocument> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true })
  const feed = (async () => {
    try {
      if (typeof input === 'string' || input instanceof Uint8Array) parser.write(input)
      else for await (const part of input) parser.write(part)
      parser.end()
    } catch (error) {
      parser.destroy(error as Error)
    }
  })()
  const blocks: DocumentBlock[] = []
  let header: string[] | undefined
  let questionIndex = -1
  let answerIndex = -1
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record
        const lower = record.map((name) => name.toLowerCase())
        questionIndex = lower.findIndex((name) => QUESTION_COLUMNS.includes(name))
        answerIndex = lower.findIndex((name) => ANSWER_COLUMNS.includes(name))
        continue
      }
      if (questionIndex >= 0 && answerIndex >= 0) {
        const question = record[questionIndex] ?? ''
        const answer = record[answerIndex] ?? ''
        if (question !== '' || answer !== '') blocks.push({ kind: 'qa', question, answer })
      } else {
        const names = header
        const text = record
          .map((value, index) => (value === '' ? '' : `${names[index] ?? `column ${index + 1}`}: ${value}`))
          .filter((part) => part !== '')
          .join('; ')
        if (text !== '') blocks.push({ kind: 'paragraph', text })
      }
    }
  } catch (error) {
    throw new WarblerError('validation_failed', `The CSV file could not be read: ${(error as Error).message}`, { cause: error })
  }
  await feed
  return title === undefined ? { blocks } : { title, blocks }
}
