import { Parser } from 'htmlparser2'

/** One `<url>` of a sitemap. */
export interface SitemapEntry {
  loc: string
  lastmod?: string
}

/** A parsed sitemap: page entries, and for a sitemap index the sitemaps it names. */
export interface ParsedSitemap {
  urls: SitemapEntry[]
  sitemaps: string[]
}

/**
 * Parses a sitemaps.org document: a `<urlset>` of `<url><loc>`s (with `<lastmod>`) or a
 * `<sitemapindex>` of `<sitemap><loc>`s. Namespaced and unknown elements are ignored; a plain-text
 * sitemap (one URL per line, also allowed by the protocol) is read too.
 */
export function parseSitemap(text: string): ParsedSitemap {
  const trimmed = text.trimStart()
  if (!trimmed.startsWith('<')) {
    const urls = trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => /^https?:\/\//i.test(line))
      .map((loc) => ({ loc }))
    return { urls, sitemaps: [] }
  }
  const result: ParsedSitemap = { urls: [], sitemaps: [] }
  let container: 'url' | 'sitemap' | undefined
  let field: 'loc' | 'lastmod' | undefined
  let loc = ''
  let lastmod = ''
  const local = (name: string) => name.toLowerCase().replace(/^.*:/, '')
  const parser = new Parser(
    {
      onopentag(name) {
        const tag = local(name)
        if (tag === 'url' || tag === 'sitemap') {
          container = tag
          loc = ''
          lastmod = ''
        } else if (container && (tag === 'loc' || tag === 'lastmod')) field = tag
      },
      ontext(value) {
        if (field === 'loc') loc += value
        else if (field === 'lastmod') lastmod += value
      },
      onclosetag(name) {
        const tag = local(name)
        if (tag === 'loc' || tag === 'lastmod') field = undefined
        else if (tag === container) {
          const url = decodeEntities(loc.trim())
          if (/^https?:\/\//i.test(url)) {
            if (container === 'sitemap') result.sitemaps.push(url)
            else result.urls.push(lastmod.trim() ? { loc: url, lastmod: lastmod.trim() } : { loc: url })
          }
          container = undefined
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  )
  parser.write(text)
  parser.end()
  return result
}

/** `&amp;` left in a URL by a double-escaping generator. */
function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&')
}
