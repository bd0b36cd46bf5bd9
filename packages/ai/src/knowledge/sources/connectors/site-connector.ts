import { WarblerError } from '@warbler/protocol'
import { parseHtml } from '../../parse/parse-html.js'
import type { SourceChanges, SourceConnector } from '../connector.js'
import { mapLimit } from '../map-limit.js'
import { fetchPage } from '../page-fetch.js'
import { loadRobots } from '../robots.js'
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
}

interface SiteCheckpoint {
  /** The same-origin links of each page, so an unchanged (304) page still leads on. */
  links: Record<string, string[]>
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
  const allowed = urlFilter(config)
  const start = normaliseUrl(config.url)
  const origin = new URL(start).origin
  let reached: string[] | undefined
  return {
    kind: 'site',
    async listChanges(checkpoint, context) {
      const previous = parseCheckpoint(checkpoint)
      const next: SiteCheckpoint = { links: {} }
      const robots = await loadRobots(context.http, origin)
      if (!robots.allows(start)) throw new WarblerError('forbidden', `robots.txt of ${origin} does not allow reading ${start}.`)
      const changes: SourceChanges & { unchanged: string[]; missing: string[] } = { upserts: [], unchanged: [], missing: [], failures: [] }
      const seen = new Set<string>([start])
      const visited: string[] = []
      let level = [start]
      for (let depth = 0; level.length > 0 && visited.length < maxPages; depth++) {
        level = level.slice(0, maxPages - visited.length)
        visited.push(...level)
        const found = await mapLimit(level, config.concurrency ?? 8, async (url) => {
          const outcome = await fetchPage(context.http, url, url, context.previous(url))
          let links = previous.links[url] ?? []
          if (outcome.kind === 'upsert') {
            changes.upserts.push(outcome.upsert)
            links = outcome.html === undefined ? [] : sameOrigin(parseHtml(outcome.html).links, outcome.upsert.url, origin)
          } else if (outcome.kind === 'unchanged') changes.unchanged.push(url)
          else if (outcome.kind === 'missing') {
            changes.missing.push(url)
            links = []
          } else changes.failures.push({ itemId: url, url, error: outcome.error })
          next.links[url] = links
          return links
        }, context.signal)
        if (depth === 0 && changes.upserts.length === 0 && changes.unchanged.length === 0) {
          // Without its start page a crawl reaches nothing: fail rather than remove every page.
          throw new WarblerError('upstream_failed', `The start page ${start} could not be read (${changes.failures[0]?.error ?? 'not found'}); nothing was removed.`)
        }
        if (depth >= depthLimit) break
        const following: string[] = []
        for (const link of found.flat()) {
          if (seen.has(link)) continue
          seen.add(link)
          if (allowed(link) && robots.allows(link)) following.push(link)
        }
        level = following
      }
      reached = visited
      const reachedSet = new Set(visited)
      changes.deletes = context.knownIds().filter((id) => !reachedSet.has(id))
      changes.nextCheckpoint = JSON.stringify(next)
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
