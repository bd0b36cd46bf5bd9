import { Parser } from 'htmlparser2'

/** One entry of an RSS or Atom feed. */
export interface FeedEntry {
  /** `<guid>` / `<id>`, else the link. */
  id: string
  link?: string
  title?: string
  /** The entry's HTML (`content:encoded` / `content`, else `description` / `summary`). */
  html: string
  /** `<updated>` / `<pubDate>` as written. */
  updated?: string
}

/**
 * Parses RSS 2.0 (`<item>`) and Atom (`<entry>`) feeds. CDATA and entities are decoded; Atom's
 * `<link rel="alternate" href>` (or the first link) is the entry's link.
 */
export function parseFeed(text: string): { title?: string; entries: FeedEntry[] } {
  const entries: FeedEntry[] = []
  let feedTitle: string | undefined
  let entry: Record<string, string> | undefined
  let field: string | undefined
  let depthInField = 0
  const local = (name: string) => name.toLowerCase()
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = local(name)
        if (tag === 'item' || tag === 'entry') {
          entry = {}
          return
        }
        if (field) {
          depthInField++
          return
        }
        if (entry && tag === 'link' && attributes.href) {
          if (!entry.link || attributes.rel === 'alternate') entry.link = attributes.href
          return
        }
        field = entry ? tag : tag === 'title' && feedTitle === undefined ? 'feed-title' : undefined
        depthInField = 0
      },
      ontext(value) {
        if (!field) return
        if (field === 'feed-title') feedTitle = (feedTitle ?? '') + value
        else if (entry) entry[field] = (entry[field] ?? '') + value
      },
      oncdatastart() {},
      onclosetag(name) {
        const tag = local(name)
        if (field && depthInField > 0) {
          depthInField--
          return
        }
        if ((tag === 'item' || tag === 'entry') && entry) {
          const link = (entry.link ?? '').trim() || undefined
          const id = (entry.guid ?? entry.id ?? link ?? '').trim()
          const html = (entry['content:encoded'] ?? entry.content ?? entry.description ?? entry.summary ?? '').trim()
          const title = entry.title?.trim()
          const updated = (entry.updated ?? entry.pubdate ?? entry.published ?? entry['dc:date'])?.trim()
          if (id !== '') entries.push({ id, html, ...(link ? { link } : {}), ...(title ? { title } : {}), ...(updated ? { updated } : {}) })
          entry = undefined
          field = undefined
          return
        }
        if (field === tag || (field === 'feed-title' && tag === 'title')) field = undefined
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  )
  parser.write(text)
  parser.end()
  return { ...(feedTitle?.trim() ? { title: feedTitle.trim() } : {}), entries }
}
