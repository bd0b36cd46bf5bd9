import type { DocumentBlock, ParsedDocument } from '../parse/parsed-document.js'
import { estimateTokens } from './estimate-tokens.js'
import { splitSentences } from './split-sentences.js'

/** How a document is cut into chunks. */
export interface ChunkOptions {
  /** The size a chunk grows to before a new one starts, in estimated tokens. */
  targetTokens: number
  /** How many tokens of trailing sentences the next chunk repeats, for context across a cut. */
  overlapTokens: number
  /** No chunk is ever larger than this, whatever the input (tables and Q&A included). */
  maxTokens: number
}

/** Defaults tuned on the XQuAD / CMRC evaluation (`npm run eval:rag`). */
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetTokens: 80, overlapTokens: 10, maxTokens: 400 }

/** One chunk of a document. */
export interface DocumentChunk {
  /** Position in the document, from 0. */
  ordinal: number
  text: string
  /** The headings above this chunk, outermost first (`['Install', 'On Linux']`). */
  headingPath: string[]
  tokenCount: number
  /** The page this chunk came from, for crawled sites. */
  sourceUrl?: string
}

interface Unit {
  text: string
  tokens: number
  /** Whether a paragraph break comes before this unit. */
  paragraphStart: boolean
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}，。！？；：、]$/u

/**
 * Cuts a parsed document into chunks: heading-aware (a heading always starts a new chunk and is
 * recorded in `headingPath`), packing whole sentences up to `targetTokens` with `overlapTokens`
 * of overlap, never splitting a table or Q&A pair that fits in `maxTokens`, and never emitting a
 * chunk over `maxTokens` (over-long sentences are cut at clause marks, then at characters).
 *
 * @example
 * ```ts
 * const chunks = chunkDocument(parseMarkdown('# Intro\n\nHello. World.'), DEFAULT_CHUNK_OPTIONS)
 * chunks[0] // { ordinal: 0, text: 'Hello. World.', headingPath: ['Intro'], tokenCount: 4 }
 * ```
 */
export function chunkDocument(document: ParsedDocument, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): DocumentChunk[] {
  const chunker = new Chunker(options)
  for (const block of document.blocks) chunker.add(block)
  return chunker.finish()
}

class Chunker {
  private readonly chunks: DocumentChunk[] = []
  private headingPath: string[] = []
  private headingLevels: number[] = []
  private sourceUrl: string | undefined
  private pending: Unit[] = []
  private pendingTokens = 0
  private carriedCount = 0

  constructor(private readonly options: ChunkOptions) {}

  add(block: DocumentBlock): void {
    switch (block.kind) {
      case 'page':
        this.flush(false)
        this.headingPath = [block.title]
        this.headingLevels = [0]
        this.sourceUrl = block.url
        return
      case 'heading': {
        this.flush(false)
        while (this.headingLevels.length > 0 && this.headingLevels.at(-1)! >= block.level) {
          this.headingLevels.pop()
          this.headingPath.pop()
        }
        this.headingLevels.push(block.level)
        this.headingPath.push(block.text.trim())
        return
      }
      case 'paragraph':
        this.addParagraph(block.text)
        return
      case 'table':
        this.flush(false)
        this.addTable(block.rows)
        return
      case 'code':
        this.flush(false)
        this.addLines(block.text.split('\n'), (lines) => `\`\`\`${block.language ?? ''}\n${lines.join('\n')}\n\`\`\``)
        return
      case 'list':
        this.flush(false)
        this.addLines(
          block.items.map((item, index) => (block.ordered ? `${index + 1}. ${item}` : `- ${item}`)),
          (lines) => lines.join('\n'),
        )
        return
      case 'qa':
        this.flush(false)
        this.addQuestionAnswer(block.question, block.answer)
        return
    }
  }

  finish(): DocumentChunk[] {
    this.flush(false)
    return this.chunks
  }

  private addParagraph(text: string): void {
    const trimmed = text.trim()
    if (trimmed === '') return
    let first = true
    for (const sentence of splitSentences(trimmed)) {
      for (const piece of this.capPieces(sentence.trim())) {
        this.addUnit({ text: piece, tokens: estimateTokens(piece), paragraphStart: first })
        first = false
      }
    }
  }

  private addUnit(unit: Unit): void {
    if (this.pending.length > 0 && this.pendingTokens + unit.tokens > this.options.targetTokens) this.flush(true)
    // Overlap carried from the previous chunk must still leave room under the hard cap.
    while (this.pending.length > 0 && this.pendingTokens + unit.tokens > this.options.maxTokens) {
      this.pendingTokens -= this.pending.shift()!.tokens
      if (this.carriedCount > 0) this.carriedCount--
    }
    this.pending.push(unit)
    this.pendingTokens += unit.tokens
  }

  /** Emits the pending units as a chunk; with `keepOverlap`, trailing units seed the next chunk. */
  private flush(keepOverlap: boolean): void {
    if (this.pending.length === 0) return
    // Units carried over as overlap alone are already in the previous chunk.
    if (this.pending.length > this.carriedCount) this.emit(joinUnits(this.pending))
    this.carriedCount = 0
    if (!keepOverlap || this.options.overlapTokens <= 0) {
      this.pending = []
      this.pendingTokens = 0
      return
    }
    const carried: Unit[] = []
    let tokens = 0
    for (let i = this.pending.length - 1; i > 0; i--) {
      const unit = this.pending[i]!
      if (tokens + unit.tokens > this.options.overlapTokens) break
      carried.unshift(unit)
      tokens += unit.tokens
    }
    this.pending = carried
    this.pendingTokens = tokens
    this.carriedCount = carried.length
  }

  private emit(text: string, headingPath = this.headingPath): void {
    const chunk: DocumentChunk = {
      ordinal: this.chunks.length,
      text,
      headingPath: [...headingPath],
      tokenCount: estimateTokens(text),
    }
    if (this.sourceUrl !== undefined) chunk.sourceUrl = this.sourceUrl
    this.chunks.push(chunk)
  }

  private addTable(rows: string[]): void {
    const cleaned = rows.map((row) => row.trim()).filter((row) => row !== '')
    if (cleaned.length === 0) return
    const whole = cleaned.join('\n')
    if (estimateTokens(whole) <= this.options.maxTokens) {
      this.emit(whole)
      return
    }
    // Too big to keep whole: groups of rows, each repeating the header so it still reads.
    const [header, ...body] = cleaned
    let group: string[] = []
    const flushGroup = (): void => {
      if (group.length > 0) this.emit([header!, ...group].join('\n'))
      group = []
    }
    for (const row of body) {
      for (const piece of this.capPieces(row, estimateTokens(header!) + 1)) {
        if (group.length > 0 && estimateTokens([header!, ...group, piece].join('\n')) > this.options.maxTokens) flushGroup()
        group.push(piece)
      }
    }
    flushGroup()
  }

  /**
   * Code and lists: whole when they fit under the hard cap, else consecutive lines grouped under
   * it (a line too long on its own is cut), each group wrapped by `render` (a code fence stays a
   * code fence), so line breaks survive into the chunk and the answer.
   */
  private addLines(lines: string[], render: (lines: string[]) => string): void {
    const kept = lines.filter((line, index) => line.trim() !== '' || (index > 0 && index < lines.length - 1))
    if (kept.length === 0) return
    const whole = render(kept)
    if (estimateTokens(whole) <= this.options.maxTokens) {
      this.emit(whole)
      return
    }
    const overhead = estimateTokens(render([''])) + 1
    let group: string[] = []
    for (const line of kept) {
      for (const piece of this.capPieces(line, overhead)) {
        if (group.length > 0 && estimateTokens(render([...group, piece])) > this.options.maxTokens) {
          this.emit(render(group))
          group = []
        }
        group.push(piece)
      }
    }
    if (group.length > 0) this.emit(render(group))
  }

  private addQuestionAnswer(question: string, answer: string): void {
    const q = question.trim()
    const a = answer.trim()
    const whole = `Q: ${q}\nA: ${a}`
    if (estimateTokens(whole) <= this.options.maxTokens) {
      this.emit(whole)
      return
    }
    const prefix = this.capPieces(`Q: ${q}`, 0)[0]!
    let part = ''
    for (const piece of splitSentences(a).flatMap((sentence) => this.capPieces(sentence, estimateTokens(prefix) + 2))) {
      if (part !== '' && estimateTokens(`${prefix}\nA: ${part}${piece}`) > this.options.maxTokens) {
        this.emit(`${prefix}\nA: ${part.trim()}`)
        part = ''
      }
      part += piece
    }
    if (part.trim() !== '') this.emit(`${prefix}\nA: ${part.trim()}`)
  }

  /** Cuts a piece of text so each part fits under the hard cap (minus `reserved` tokens). */
  private capPieces(text: string, reserved = 0): string[] {
    const limit = Math.max(8, this.options.maxTokens - reserved)
    if (estimateTokens(text) <= limit) return [text]
    const clauses = text.split(/(?<=[，、,：:])/u)
    if (clauses.length > 1) {
      const out: string[] = []
      let current = ''
      for (const clause of clauses) {
        if (current !== '' && estimateTokens(current + clause) > limit) {
          out.push(current)
          current = ''
        }
        current += clause
      }
      if (current !== '') out.push(current)
      if (out.every((part) => estimateTokens(part) <= limit)) return out
      return out.flatMap((part) => this.hardCut(part, limit))
    }
    return this.hardCut(text, limit)
  }

  private hardCut(text: string, limit: number): string[] {
    if (estimateTokens(text) <= limit) return [text]
    const out: string[] = []
    let current = ''
    let cjk = 0
    let other = 0
    for (const char of text) {
      const isCjk = CJK_CHAR.test(char)
      const nextTokens = Math.ceil((cjk + (isCjk ? 1 : 0)) / 2 + (other + (isCjk || /\s/.test(char) ? 0 : 1)) / 4)
      if (current !== '' && nextTokens > limit) {
        out.push(current)
        current = ''
        cjk = 0
        other = 0
      }
      current += char
      if (isCjk) cjk++
      else if (!/\s/.test(char)) other++
    }
    if (current !== '') out.push(current)
    return out
  }
}

function joinUnits(units: Unit[]): string {
  let text = ''
  for (const unit of units) {
    if (text === '') text = unit.text
    else if (unit.paragraphStart) text += '\n\n' + unit.text
    else text += CJK_END.test(text) ? unit.text : ' ' + unit.text
  }
  return text
}
