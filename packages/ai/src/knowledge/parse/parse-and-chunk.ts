import { chunkDocument, type ChunkOptions, type DocumentChunk } from '../chunk/chunk-document.js'
import { documentTooLarge, type DocumentLimits } from './document-limits.js'
import { parseFile, type DocumentFormat } from './parse-file.js'
import type { ParsedDocument } from './parsed-document.js'

/** One document to parse and chunk (what crosses to the parser thread). */
export interface ParseRequest {
  format: DocumentFormat
  data: Uint8Array
  title?: string
  chunking: ChunkOptions
  limits: DocumentLimits
}

/** The parsed document's own title and its chunks. */
export interface ParseResult {
  title?: string
  chunks: DocumentChunk[]
}

/** Parses and chunks one document within its limits; the parser thread runs exactly this. */
export async function parseAndChunk(request: ParseRequest): Promise<ParseResult> {
  const parsed = await parseFile(request.format, request.data, request.title, request.limits)
  const chunks = chunkWithinLimits(parsed, request.chunking, request.limits)
  return parsed.title === undefined ? { chunks } : { title: parsed.title, chunks }
}

/**
 * Chunks a parsed document, failing with `document_too_large` when its text is longer than
 * `maxTextChars` (checked before chunking) or it makes more than `maxChunks` chunks.
 */
export function chunkWithinLimits(parsed: ParsedDocument, chunking: ChunkOptions, limits: Pick<DocumentLimits, 'maxTextChars' | 'maxChunks'>): DocumentChunk[] {
  const characters = textLength(parsed)
  if (characters > limits.maxTextChars) {
    throw documentTooLarge(
      `The document holds ${characters.toLocaleString('en-US')} characters of text, more than the limit of ${limits.maxTextChars.toLocaleString('en-US')}.`,
    )
  }
  const chunks = chunkDocument(parsed, chunking)
  if (chunks.length > limits.maxChunks) {
    throw documentTooLarge(`The document makes ${chunks.length.toLocaleString('en-US')} chunks, more than the limit of ${limits.maxChunks.toLocaleString('en-US')}.`)
  }
  return chunks
}

function textLength(parsed: ParsedDocument): number {
  let characters = 0
  for (const block of parsed.blocks) {
    if (block.kind === 'heading' || block.kind === 'paragraph' || block.kind === 'code') characters += block.text.length
    else if (block.kind === 'list') for (const item of block.items) characters += item.length
    else if (block.kind === 'table') for (const row of block.rows) characters += row.length
    else if (block.kind === 'qa') characters += block.question.length + block.answer.length
    else characters += block.title.length
  }
  return characters
}
