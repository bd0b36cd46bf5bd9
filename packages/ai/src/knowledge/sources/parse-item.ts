import { createHash } from 'node:crypto'
import { parseHtml } from '../parse/parse-html.js'
import { parseMarkdown } from '../parse/parse-markdown.js'
import { parseText } from '../parse/parse-text.js'
import { detectFormat, parseFile } from '../parse/parse-file.js'
import type { DocumentLimits } from '../parse/document-limits.js'
import type { ParsedDocument } from '../parse/parsed-document.js'
import type { SourceContent, SourceUpsert } from './connector.js'

/** SHA-256 (base64url) of text or bytes. */
export function sha256(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('base64url')
}

/** The hash of an item's raw content: equal bytes are unchanged without parsing. */
export function rawContentHash(content: SourceContent): string {
  return content.format === 'file' ? sha256(content.data) : sha256(`${content.format}\n${content.text}`)
}

/**
 * Parses a synced item. The document starts with a `page` block naming the item's URL, so every
 * chunk carries it for citations; `textHash` is the hash of the extracted text, so a page whose
 * bytes moved (a new timestamp, a rotated ad) but whose text did not is still unchanged.
 */
export async function parseItem(upsert: SourceUpsert, limits: DocumentLimits): Promise<{ title: string; document: ParsedDocument; textHash: string }> {
  const content = upsert.content
  let parsed: ParsedDocument
  if (content.format === 'html') parsed = parseHtml(content.text, upsert.title)
  else if (content.format === 'markdown') parsed = parseMarkdown(content.text, upsert.title)
  else if (content.format === 'text') parsed = parseText(content.text, upsert.title)
  else if (content.format === 'file') parsed = await parseFile(detectFormat(content.filename, content.contentType), content.data, upsert.title, limits)
  else throw new Error('unknown content format')
  const title = (upsert.title ?? parsed.title ?? upsert.url).slice(0, 500)
  const document: ParsedDocument = { title, blocks: [{ kind: 'page', title, url: upsert.url }, ...parsed.blocks] }
  return { title, document, textHash: sha256(JSON.stringify(document.blocks)) }
}
