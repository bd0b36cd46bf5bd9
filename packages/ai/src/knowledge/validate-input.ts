import { WarblerError } from '@warbler/protocol'
import type { ChunkOptions } from './chunk/chunk-document.js'
import { MAX_CRAWL_PAGES } from './fetch/crawl-site.js'
import { detectFormat } from './parse/parse-file.js'
import type { DocumentSource, KnowledgeBaseSettings } from './store/knowledge-store.js'

/** The content of a new document: inline text, an uploaded file, or a URL (one page or a crawl). */
export type DocumentContent =
  | { kind: 'text'; title: string; text: string; format?: 'markdown' | 'text' | 'html' }
  | { kind: 'file'; filename: string; contentType?: string; data: Uint8Array | AsyncIterable<Uint8Array>; title?: string }
  | { kind: 'url'; url: string; crawl?: { depth: number; maxPages: number }; title?: string }

/** Checks document content and turns it into a stored source plus the bytes to store. */
export function validateContent(content: DocumentContent): { title: string; source: DocumentSource; data?: AsyncIterable<Uint8Array> } {
  if (typeof content !== 'object' || content === null) throw new WarblerError('validation_failed', 'The document content is missing.')
  switch (content.kind) {
    case 'text': {
      const format = content.format ?? 'text'
      if (!['markdown', 'text', 'html'].includes(format)) throw new WarblerError('validation_failed', "format must be 'markdown', 'text' or 'html'.")
      if (typeof content.text !== 'string' || content.text.trim() === '') throw new WarblerError('validation_failed', 'text must be a non-empty string.')
      return { title: requireTitle(content.title), source: { kind: 'text', format }, data: once(Buffer.from(content.text, 'utf8')) }
    }
    case 'file': {
      if (typeof content.filename !== 'string' || content.filename === '') throw new WarblerError('validation_failed', 'filename is required.')
      detectFormat(content.filename, content.contentType)
      const data = content.data instanceof Uint8Array ? once(content.data) : content.data
      const title = content.title ?? content.filename.replace(/\.[a-z0-9]+$/i, '')
      return { title: requireTitle(title), source: { kind: 'file', filename: content.filename, contentType: content.contentType ?? '' }, data }
    }
    case 'url': {
      let url: URL
      try {
        url = new URL(content.url)
      } catch {
        throw new WarblerError('validation_failed', 'url is not a valid URL.')
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WarblerError('validation_failed', 'url must be http or https.')
      const source: DocumentSource = { kind: 'url', url: url.toString() }
      if (content.crawl) {
        const { depth, maxPages } = content.crawl
        if (!Number.isInteger(depth) || depth < 0 || depth > 5) throw new WarblerError('validation_failed', 'crawl.depth must be an integer from 0 to 5.')
        if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > MAX_CRAWL_PAGES) {
          throw new WarblerError('validation_failed', `crawl.maxPages must be an integer from 1 to ${MAX_CRAWL_PAGES}.`)
        }
        source.crawl = { depth, maxPages }
      }
      return { title: requireTitle(content.title ?? url.toString()), source }
    }
    default:
      throw new WarblerError('validation_failed', "kind must be 'text', 'file' or 'url'.")
  }
}

/** Tags: up to 32 strings of 1 to 64 characters, deduplicated. */
export function validateTags(tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.length > 32 || tags.some((tag) => typeof tag !== 'string' || tag === '' || tag.length > 64)) {
    throw new WarblerError('validation_failed', 'tags must be up to 32 strings of 1 to 64 characters.')
  }
  return [...new Set(tags as string[])]
}

/** A knowledge base's name and chunking settings. */
export function validateKnowledgeBaseInput(
  input: { name: string; chunking?: Partial<KnowledgeBaseSettings> },
  defaults: ChunkOptions,
): { name: string; settings: KnowledgeBaseSettings } {
  const name = typeof input?.name === 'string' ? input.name.trim() : ''
  if (name === '' || name.length > 200) throw new WarblerError('validation_failed', 'name must be 1 to 200 characters.')
  const settings = { ...defaults, ...input.chunking }
  const ok = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max
  if (!ok(settings.targetTokens, 16, 4000) || !ok(settings.maxTokens, settings.targetTokens, 8000) || !ok(settings.overlapTokens, 0, settings.targetTokens - 1)) {
    throw new WarblerError('validation_failed', 'chunking needs 16 ≤ targetTokens ≤ maxTokens ≤ 8000 and 0 ≤ overlapTokens < targetTokens.')
  }
  return { name, settings }
}

function requireTitle(title: unknown): string {
  if (typeof title !== 'string' || title.trim() === '' || title.length > 500) throw new WarblerError('validation_failed', 'title must be 1 to 500 characters.')
  return title.trim()
}

async function* once(data: Uint8Array): AsyncIterable<Uint8Array> {
  yield data
}
