/**
 * Knowledge sources that stay in sync: the connector interface, the connectors (sitemap, site,
 * RSS/Atom, FastGPT API file library), the guarded conditional HTTP client and one sync run.
 *
 * @example
 * ```ts
 * const connector = createConnector('sitemap', { url: 'https://example.com/sitemap.xml' })
 * const result = await runSync({ sourceId, kb, connector, http: new SourceHttp({ policy }), state, documents })
 * ```
 */
export type * from './connector.js'
export { SourceHttp, validatorsOf, type SourceHttpOptions, type SourceRequest, type SourceResponse, type Validators } from './source-http.js'
export { createConnector, validateSourceSettings, SOURCE_KINDS, type SourceKind, type SourceSettings } from './create-connector.js'
export { runSync, partialOf, MISSING_RUNS_BEFORE_DELETE, type SyncPartial, type SyncCounts, type SyncInput, type SyncItemError, type SyncResult, type SyncStateStore, type SyncedItem } from './run-sync.js'
export { SyncedDocuments, sourceTag, type WrittenDocument } from './synced-documents.js'
export { applyCurations, chunkHash, type Curation } from './curation.js'
export { parseRobots, loadRobots, type RobotsRules } from './robots.js'
export { parseSitemap, type ParsedSitemap, type SitemapEntry } from './parse-sitemap.js'
export { parseFeed, type FeedEntry } from './parse-feed.js'
export { urlFilter, type UrlPatterns } from './url-filter.js'
export { fetchPage, contentOf, type PageOutcome } from './page-fetch.js'
export { collectChanges, normaliseUrl } from './connectors/collect-changes.js'
