import { WarblerError } from '@warbler/protocol'
import type { SourceChanges, SourceConnector } from '../connector.js'
import { parseFeed } from '../parse-feed.js'
import { validatorsOf, type Validators } from '../source-http.js'
import { urlFilter, type UrlPatterns } from '../url-filter.js'

/** Settings of an RSS or Atom feed source. */
export interface FeedSourceConfig extends UrlPatterns {
  url: string
}

/**
 * The entries of an RSS 2.0 or Atom feed, with their content as the feed carries it (no page
 * fetch). The feed is read conditionally; an entry whose `updated`/`pubDate` is the same as last
 * time is unchanged without hashing. A feed shows only its newest entries, so an entry that
 * scrolled off is kept: `listAllIds` answers undefined and nothing is deleted by absence.
 */
export function feedConnector(kind: 'rss' | 'atom', config: FeedSourceConfig): SourceConnector {
  const allowed = urlFilter(config)
  return {
    kind,
    async listChanges(checkpoint, context) {
      const previous = parseCheckpoint(checkpoint)
      const response = await context.http.get(config.url, { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9', ...previous })
      if (response.status === 304) return { upserts: [], unchanged: context.knownIds(), failures: [], nextCheckpoint: JSON.stringify(previous) }
      if (response.status !== 200) throw new WarblerError('validation_failed', `The feed ${config.url} answered HTTP ${response.status}.`)
      const feed = parseFeed(response.text())
      const changes: SourceChanges & { unchanged: string[] } = { upserts: [], unchanged: [], failures: [], nextCheckpoint: JSON.stringify(validatorsOf(response)) }
      for (const entry of feed.entries) {
        const url = entry.link ? new URL(entry.link, response.url).toString() : response.url
        if (!allowed(url)) continue
        const known = context.previous(entry.id)
        if (known && entry.updated && known.version === entry.updated) {
          changes.unchanged.push(entry.id)
          continue
        }
        const title = entry.title ?? url
        changes.upserts.push({
          itemId: entry.id,
          url,
          title,
          content: { format: 'html', text: `<html><head><title>${escapeHtml(title)}</title></head><body>${entry.html}</body></html>` },
          ...(entry.updated ? { version: entry.updated } : {}),
        })
      }
      return changes
    },
    async listAllIds() {
      return undefined
    },
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function parseCheckpoint(checkpoint: string | undefined): Validators {
  if (!checkpoint) return {}
  try {
    const parsed = JSON.parse(checkpoint) as Validators
    return validatorsOf(parsed ?? {})
  } catch {
    return {}
  }
}
