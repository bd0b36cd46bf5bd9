import { parseHtml } from '../parse/parse-html.js'
import { parseFile, detectFormat } from '../parse/parse-file.js'
import type { DocumentBlock, ParsedDocument } from '../parse/parsed-document.js'
import { fetchResource, type GuardedFetchOptions } from './guarded-fetch.js'

/** Crawl limits. */
export interface CrawlOptions {
  /** Link hops from the start page (0: the start page only). */
  depth: number
  /** Pages fetched at most. */
  maxPages: number
}

/** The most pages any crawl fetches, whatever it asks for. */
export const MAX_CRAWL_PAGES = 500

/**
 * Fetches a page, or a site breadth-first within the start URL's origin, every request through
 * {@link fetchResource}. Pages become `page` blocks in one document, so each chunk keeps its page
 * URL and title. A failing page other than the first is skipped; the first page's error is thrown.
 */
export async function fetchDocument(
  startUrl: string,
  crawl: CrawlOptions | undefined,
  fetchOptions: GuardedFetchOptions,
  onPage?: (fetched: number, limit: number) => void,
): Promise<ParsedDocument> {
  const maxPages = Math.min(MAX_CRAWL_PAGES, Math.max(1, crawl?.maxPages ?? 1))
  const maxDepth = crawl ? Math.max(0, crawl.depth) : 0
  const start = new URL(startUrl)
  start.hash = ''
  const seen = new Set<string>([start.toString()])
  const queue: { url: string; depth: number }[] = [{ url: start.toString(), depth: 0 }]
  const blocks: DocumentBlock[] = []
  let title: string | undefined
  let fetched = 0
  while (queue.length > 0 && fetched < maxPages) {
    const { url, depth } = queue.shift()!
    let resource
    try {
      resource = await fetchResource(url, fetchOptions)
    } catch (error) {
      if (fetched === 0) throw error
      continue
    }
    fetched++
    onPage?.(fetched, maxPages)
    let document: ParsedDocument
    let links: string[] = []
    if (resource.contentType === 'text/html' || resource.contentType === 'application/xhtml+xml') {
      const html = parseHtml(new TextDecoder().decode(resource.body))
      document = html
      links = html.links
    } else {
      document = await parseFile(detectFormat(new URL(resource.url).pathname, resource.contentType), resource.body)
    }
    const pageTitle = document.title ?? resource.url
    title ??= pageTitle
    if (maxPages > 1) blocks.push({ kind: 'page', title: pageTitle, url: resource.url })
    blocks.push(...document.blocks)
    if (depth >= maxDepth) continue
    for (const link of links) {
      let next: URL
      try {
        next = new URL(link, resource.url)
      } catch {
        continue
      }
      next.hash = ''
      if (next.origin !== start.origin || seen.has(next.toString())) continue
      seen.add(next.toString())
      queue.push({ url: next.toString(), depth: depth + 1 })
    }
  }
  return title === undefined ? { blocks } : { title, blocks }
}
