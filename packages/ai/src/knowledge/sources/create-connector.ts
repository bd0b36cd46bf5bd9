import { WarblerError } from '@warbler/protocol'
import type { SourceConnector } from './connector.js'
import { fastGptApiConnector } from './connectors/fastgpt-api-connector.js'
import { feedConnector } from './connectors/feed-connector.js'
import { siteConnector } from './connectors/site-connector.js'
import { sitemapConnector } from './connectors/sitemap-connector.js'
import { urlFilter } from './url-filter.js'

/** The kinds of source Warbler can sync. */
export const SOURCE_KINDS = ['sitemap', 'site', 'rss', 'atom', 'fastgpt-api'] as const
/** A kind of source. */
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** The settings of a source, whatever its kind (each kind reads what it needs). */
export interface SourceSettings {
  url: string
  include?: string[]
  exclude?: string[]
  /** `site`: link hops from the start page. */
  depth?: number
  /** `sitemap`, `site`: most pages; `fastgpt-api`: most files. */
  maxPages?: number
  /** `fastgpt-api`: the folder the tree starts from. */
  basePath?: string
}

/**
 * Checks a source's kind and settings and answers them normalised; bad input is
 * `validation_failed` with a message naming the field.
 */
export function validateSourceSettings(kind: unknown, settings: Partial<SourceSettings>): { kind: SourceKind; settings: SourceSettings } {
  if (typeof kind !== 'string' || !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new WarblerError('validation_failed', `kind must be one of ${SOURCE_KINDS.join(', ')}.`)
  }
  let url: URL
  try {
    url = new URL(String(settings.url))
  } catch {
    throw new WarblerError('validation_failed', 'url is not a valid URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WarblerError('validation_failed', 'url must be http or https.')
  if (url.username || url.password) throw new WarblerError('validation_failed', 'Put credentials in token, not in the url.')
  const out: SourceSettings = { url: url.toString() }
  for (const field of ['include', 'exclude'] as const) {
    const patterns = settings[field]
    if (patterns === undefined) continue
    if (!Array.isArray(patterns) || patterns.length > 50) throw new WarblerError('validation_failed', `${field} must be a list of up to 50 patterns.`)
    out[field] = patterns
  }
  urlFilter(out) // refuses bad patterns
  if (settings.depth !== undefined) {
    if (!Number.isInteger(settings.depth) || settings.depth < 0 || settings.depth > 5) throw new WarblerError('validation_failed', 'depth must be an integer from 0 to 5.')
    out.depth = settings.depth
  }
  if (settings.maxPages !== undefined) {
    const max = kind === 'site' ? 2000 : 50_000
    if (!Number.isInteger(settings.maxPages) || settings.maxPages < 1 || settings.maxPages > max) throw new WarblerError('validation_failed', `maxPages must be an integer from 1 to ${max}.`)
    out.maxPages = settings.maxPages
  }
  if (settings.basePath !== undefined) {
    if (typeof settings.basePath !== 'string' || settings.basePath.length > 500) throw new WarblerError('validation_failed', 'basePath must be a folder id of up to 500 characters.')
    out.basePath = settings.basePath
  }
  return { kind: kind as SourceKind, settings: out }
}

/** The connector of a source. `token` is the source's secret (FastGPT's bearer token). */
export function createConnector(kind: SourceKind, settings: SourceSettings, secrets: { token?: string } = {}): SourceConnector {
  const patterns = { ...(settings.include ? { include: settings.include } : {}), ...(settings.exclude ? { exclude: settings.exclude } : {}) }
  switch (kind) {
    case 'sitemap':
      return sitemapConnector({ url: settings.url, ...patterns, ...(settings.maxPages ? { maxPages: settings.maxPages } : {}) })
    case 'site':
      return siteConnector({ url: settings.url, ...patterns, ...(settings.depth !== undefined ? { depth: settings.depth } : {}), ...(settings.maxPages ? { maxPages: settings.maxPages } : {}) })
    case 'rss':
    case 'atom':
      return feedConnector(kind, { url: settings.url, ...patterns })
    case 'fastgpt-api':
      return fastGptApiConnector({
        url: settings.url,
        ...(secrets.token ? { token: secrets.token } : {}),
        ...(settings.basePath ? { basePath: settings.basePath } : {}),
        ...(settings.maxPages ? { maxFiles: settings.maxPages } : {}),
      })
  }
}
