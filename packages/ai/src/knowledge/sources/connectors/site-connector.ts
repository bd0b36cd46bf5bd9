import { WarblerError } from '@warbler/protocol'
import { parseHtml } from '../../parse/parse-html.js'
import type { SourceChanges, SourceConnector } from '../connector.js'
import { mapLimit } from '../map-limit.js'
import { fetchPage } from '../page-fetch.js'
import { loadRobots, type RobotsRules } from '../robots.js'
import { crawlDelayMs, pacer } from '../pacer.js'
import { urlFilter, type UrlPatterns } from '../url-filter.js'
import { normaliseUrl } from './collect-changes.js'

/** Settings of a crawled site. */
export interface SiteSourceConfig extends UrlPatterns {
  /** The start page; only pages of its origin are followed. */
  url: string
  /** Link hops from the start page (default 2, at most 5). */
  depth?: number
  /** Most pages read per run (default 100, at most 2,000). */
  maxPages?: number
  /** Pages read at once (default 8). */
  concurrency?: number
  /** Pages per batch the sync writes before reading more (default 200). */
  batchSize?: number
}

interface SiteCheckpoint {
  /** The same-origin links of each page, so an unchanged (304) page still leads on. */
  links: Record<string, string[]>
  /** Within a run: how many pages earlier batches read. */
  cursor?: number
}

/**
 * A site crawled breadth-first within the start page's origin, within depth and page limits,
 * never fetching what robots.txt disallows for `WarblerKnowledgeBot` (or `*`). Pages are items by
 * URL, read conditionally; the links of an unchanged page come from the last run. A page no longer
 * reached is a delete.
 */
export function siteConnector(config: SiteSourceConfig): SourceConnector {
  const depthLimit = Math.min(5, Math.max(0, config.depth ?? 2))
  const maxPages = Math.min(2000, Math.max(1, config.maxPages ?? 100))
  const batchSize = config.batchSize ?? 200
  const allowed = urlFilter(config)
  const start = normaliseUrl(config.url)
  const origin = new URL(start).origin
  let reached: string[] | undefined
  /** The crawl under way: what is left of the current depth, what it links to, what was seen. */
  let crawl:
    | { previous: SiteCheckpoint; next: SiteCheckpoint; robots: RobotsRules; wait: () => Promise<void>; seen: Set<string>; visited: string[]; frontier: string[]; found: string[]; depth: number }
    | undefined
  return {
    kind: 'site',
    async listChanges(checkpoint, context) {
      const parsed = parseCheckpoint(checkpoint)
      if (!crawl || parsed.cursor !== crawl.visited.length) {
        const robots = await loadRobots(context.http, origin)
        if (!robots.allows(start)) throw new WarblerError('forbidden', `robots.txt of ${origin} does not allow reading ${start}.`)
        crawl = { previous: parsed, next: { links: {} }, robots, wait: pacer(crawlDelayMs(robots.crawlDelaySeconds), context.signal), seen: new Set([start]), visited: [], frontier: [start], found: [], depth: 0 }
      }
      const current = crawl
      const changes: SourceChanges & { unchanged: string[]; missing: string[] } = { upserts: [], unchanged: [], missing: [], failures: [] }
      const batch = current.frontier.splice(0, Math.min(batchSize, maxPages - current.visited.length))
      current.visited.push(...batch)
      const found = await mapLimit(batch, config.concurrency ?? 8, async (url) => {
        await current.wait()
        const outcome = await fetchPage(context.http, url, url, context.previous(url))
        let links = current.previous.links[url] ?? []
        if (outcome.kind === 'upsert') {
          changes.upserts.push(outcome.upsert)
          links = outcome.html === undefined ? [] : sameOrigin(parseHtml(outcome.html).links, outcome.upsert.url, origin)
        } else if (outcome.kind === 'unchanged') changes.unchanged.push(url)
        else if (outcome.kind === 'missing') {
          changes.missing.push(url)
          links = []
        } else changes.failures.push({ itemId: url, url, error: outcome.error })
        current.next.links[url] = links
        return links
      }, context.signal)
      if (current.depth === 0 && changes.upserts.length === 0 && changes.unchanged.length === 0) {
        crawl = undefined
        // Without its start page a crawl reaches nothing: fail rather than remove every page.
        throw new WarblerError('upstream_failed', `The start page ${start} could not be read (${changes.failures[0]?.error ?? 'not found'}); nothing was removed.`)
      }
      current.found.push(...found.flat())
      if (current.frontier.length === 0 && current.depth < depthLimit) {
        for (const link of current.found) {
          if (current.seen.has(link)) continue
          current.seen.add(link)
          if (allowed(link) && current.robots.allows(link)) current.frontier.push(link)
        }
        current.found = []
        current.depth++
      }
      if (current.frontier.length > 0 && current.visited.length < maxPages) {
        changes.hasMore = true
        changes.nextCheckpoint = JSON.stringify({ ...current.previous, cursor: current.visited.length })
        return changes
      }
      reached = current.visited
      const reachedSet = new Set(current.visited)
      changes.deletes = context.knownIds().filter((id) => !reachedSet.has(id))
      changes.nextCheckpoint = JSON.stringify(current.next)
      crawl = undefined
      return changes
    },
    async listAllIds() {
      return reached
    },
  }
}

function sameOrigin(links: readonly string[], base: string, origin: string): string[] {
  const result = new Set<string>()
  for (const link of links) {
    let url: URL
    try {
      url = new URL(link, base)
    } catch {
      continue
    }
    if (url.origin !== origin) continue
    result.add(normaliseUrl(url.toString()))
  }
  return [...result]
}

function parseCheckpoint(checkpoint: string | undefined): SiteCheckpoint {
  if (!checkpoint) return { links: {} }
  try {
    const parsed = JSON.parse(checkpoint) as SiteCheckpoint
    return parsed && typeof parsed.links === 'object' ? parsed : { links: {} }
  } catch {
    return { links: {} }
  }
}
