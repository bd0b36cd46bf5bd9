import { WarblerError } from '@warbler/protocol'
import type { ConnectorContext, SourceChanges, SourceConnector } from '../connector.js'
import { mapLimit } from '../map-limit.js'
import { fetchPage } from '../page-fetch.js'
import { parseSitemap } from '../parse-sitemap.js'
import { loadRobots, type RobotsRules } from '../robots.js'
import { crawlDelayMs, pacer } from '../pacer.js'
import { validatorsOf, type Validators } from '../source-http.js'
import { urlFilter, type UrlPatterns } from '../url-filter.js'
import { collectChanges, normaliseUrl } from './collect-changes.js'

/** Settings of a sitemap source. */
export interface SitemapSourceConfig extends UrlPatterns {
  /** The sitemap (or sitemap index) URL; `.xml`, `.xml.gz` or plain text. */
  url: string
  /** Most pages taken from the sitemap (default 5,000). */
  maxPages?: number
  /** Pages read at once (default 8). */
  concurrency?: number
  /** Pages per batch the sync writes before reading more (default 200). */
  batchSize?: number
}

/** The most sitemaps an index may lead to, nested included. */
const MAX_SITEMAPS = 100

interface SitemapCheckpoint {
  /** Per sitemap URL: its validators and what it listed, reused on a 304. */
  sitemaps: Record<string, Validators & { urls: string[]; children: string[] }>
  /** Within a run: how many pages earlier batches covered. */
  cursor?: number
}

/**
 * Pages listed by a sitemap (sitemaps.org: `<urlset>`, `<sitemapindex>` nested up to 3 levels,
 * gzip). Each page is an item whose id is its URL; every sitemap and page is read conditionally,
 * robots.txt of each origin is respected, and a page no longer listed is a delete.
 */
export function sitemapConnector(config: SitemapSourceConfig): SourceConnector {
  const maxPages = config.maxPages ?? 5000
  const batchSize = config.batchSize ?? 200
  const allowed = urlFilter(config)
  /** The listing of the run under way, read once and walked batch by batch. */
  let run: { pages: string[]; offset: number; checkpoint: SitemapCheckpoint; wait: () => Promise<void> } | undefined
  let listing: string[] | undefined
  return {
    kind: 'sitemap',
    async listChanges(checkpoint, context) {
      const previous = parseCheckpoint(checkpoint)
      if (!run || previous.cursor !== run.offset) {
        const next: SitemapCheckpoint = { sitemaps: {} }
        const urls = await readSitemaps(config.url, previous, next, context)
        const robots = new Map<string, RobotsRules>()
        const pages: string[] = []
        for (const url of urls) {
          if (pages.length >= maxPages) break
          if (!allowed(url)) continue
          const origin = new URL(url).origin
          if (!robots.has(origin)) robots.set(origin, await loadRobots(context.http, origin))
          if (!robots.get(origin)!.allows(url)) continue
          pages.push(url)
        }
        if (pages.length === 0 && context.knownIds().length > 0) {
          // A sitemap that suddenly lists nothing is far more often broken than a site emptied on purpose.
          throw new WarblerError('validation_failed', `The sitemap ${config.url} lists no pages that may be read; nothing was removed.`)
        }
        // The slowest Crawl-delay among the sitemap's origins paces every page of the run.
        const delay = Math.max(0, ...[...robots.values()].map((rules) => crawlDelayMs(rules.crawlDelaySeconds)))
        run = { pages, offset: 0, checkpoint: next, wait: pacer(delay, context.signal) }
      }
      const current = run
      const batch = run.pages.slice(run.offset, run.offset + batchSize)
      const changes: SourceChanges = await collectChanges(batch, context, config.concurrency ?? 8, async (url) => {
        await current.wait()
        return fetchPage(context.http, url, url, context.previous(url))
      })
      changes.total = run.pages.length
      run.offset += batch.length
      if (run.offset < run.pages.length) {
        changes.hasMore = true
        changes.nextCheckpoint = JSON.stringify({ ...run.checkpoint, cursor: run.offset })
        return changes
      }
      const listed = new Set(run.pages)
      changes.deletes = context.knownIds().filter((id) => !listed.has(id))
      changes.nextCheckpoint = JSON.stringify(run.checkpoint)
      listing = run.pages
      run = undefined
      return changes
    },
    async listAllIds(context) {
      if (listing) return listing
      return readSitemaps(config.url, { sitemaps: {} }, { sitemaps: {} }, context)
    },
  }
}

async function readSitemaps(root: string, previous: SitemapCheckpoint, next: SitemapCheckpoint, context: ConnectorContext): Promise<string[]> {
  const seen = new Set<string>()
  const urls = new Set<string>()
  let level = [root]
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const children: string[] = []
    await mapLimit(level, 4, async (sitemapUrl) => {
      if (seen.has(sitemapUrl) || seen.size >= MAX_SITEMAPS) return
      seen.add(sitemapUrl)
      const cached = previous.sitemaps[sitemapUrl]
      const response = await context.http.get(sitemapUrl, { accept: 'application/xml, text/xml, text/plain;q=0.5, */*;q=0.1', ...(cached ? validatorsOf(cached) : {}) })
      let entry: SitemapCheckpoint['sitemaps'][string]
      if (response.status === 304 && cached) entry = cached
      else if (response.status === 200) {
        const parsed = parseSitemap(response.text())
        entry = { ...validatorsOf(response), urls: parsed.urls.map((url) => normaliseUrl(url.loc)), children: parsed.sitemaps }
      } else if (sitemapUrl === root) throw new WarblerError('validation_failed', `The sitemap ${sitemapUrl} answered HTTP ${response.status}.`)
      else return
      next.sitemaps[sitemapUrl] = entry
      for (const url of entry.urls) urls.add(url)
      children.push(...entry.children)
    }, context.signal)
    level = children
  }
  return [...urls]
}

function parseCheckpoint(checkpoint: string | undefined): SitemapCheckpoint {
  if (!checkpoint) return { sitemaps: {} }
  try {
    const parsed = JSON.parse(checkpoint) as SitemapCheckpoint
    return parsed && typeof parsed.sitemaps === 'object' ? parsed : { sitemaps: {} }
  } catch {
    return { sitemaps: {} }
  }
}
