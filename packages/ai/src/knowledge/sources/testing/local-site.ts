import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

/** One request the local site answered. */
export interface SiteHit {
  path: string
  method: string
  ifNoneMatch?: string
  ifModifiedSince?: string
  status: number
  /** When the request arrived (epoch ms). */
  at: number
  authorization?: string
  body?: string
}

/** A page (or any file) of the local site. */
export interface SitePage {
  body: string | Buffer
  contentType?: string
  /** Sent as `Last-Modified` (default: when the body was last set). */
  lastModified?: Date
  /** `false` sends no ETag. */
  etag?: boolean
  status?: number
  gzip?: boolean
}

/** A handler for paths the page map does not hold (the FastGPT fake). */
export type SiteHandler = (request: http.IncomingMessage, body: string) => { status: number; json?: unknown; text?: string; contentType?: string } | undefined

/**
 * A real HTTP server for connector tests: pages from a mutable map, with ETag and Last-Modified
 * validators and 304 answers to conditional requests, every request recorded.
 */
export async function startLocalSite(options: { handler?: SiteHandler; host?: string } = {}) {
  const pages = new Map<string, SitePage & { changedAt: Date }>()
  const hits: SiteHit[] = []
  const server = http.createServer((request, response) => {
    const parts: Buffer[] = []
    request.on('data', (part: Buffer) => parts.push(part))
    request.on('end', () => {
      const body = Buffer.concat(parts).toString()
      const url = new URL(request.url ?? '/', 'http://local')
      const path = url.pathname + url.search
      const record = (status: number) =>
        hits.push({
          path,
          method: request.method ?? 'GET',
          status,
          at: Date.now(),
          ...(request.headers['if-none-match'] ? { ifNoneMatch: String(request.headers['if-none-match']) } : {}),
          ...(request.headers['if-modified-since'] ? { ifModifiedSince: String(request.headers['if-modified-since']) } : {}),
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          ...(body ? { body } : {}),
        })
      const page = pages.get(url.pathname) ?? pages.get(path)
      if (!page) {
        const handled = options.handler?.(request, body)
        if (handled) {
          record(handled.status)
          response.writeHead(handled.status, { 'content-type': handled.contentType ?? (handled.json !== undefined ? 'application/json' : 'text/plain') })
          response.end(handled.json !== undefined ? JSON.stringify(handled.json) : (handled.text ?? ''))
          return
        }
        record(404)
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      const status = page.status ?? 200
      const data = typeof page.body === 'string' ? Buffer.from(page.body) : page.body
      const etag = `"${createHash('sha1').update(data).digest('hex').slice(0, 16)}"`
      const lastModified = (page.lastModified ?? page.changedAt).toUTCString()
      const headers: Record<string, string> = { 'content-type': page.contentType ?? 'text/html; charset=utf-8', 'last-modified': lastModified }
      if (page.etag !== false) headers.etag = etag
      const inm = request.headers['if-none-match']
      const ims = request.headers['if-modified-since']
      const fresh = status === 200 && (inm !== undefined ? page.etag !== false && inm === etag : ims !== undefined && Date.parse(ims) >= Date.parse(lastModified))
      if (fresh) {
        record(304)
        response.writeHead(304, headers).end()
        return
      }
      record(status)
      response.writeHead(status, headers).end(page.gzip ? gzipSync(data) : data)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`
  return {
    origin,
    hits,
    pages,
    /** Sets a page; its Last-Modified moves to now (rounded down to the second, as HTTP dates are). */
    set(path: string, page: SitePage | string) {
      const value = typeof page === 'string' ? { body: page } : page
      pages.set(path, { ...value, changedAt: new Date(Math.floor(Date.now() / 1000) * 1000) })
    },
    remove(path: string) {
      pages.delete(path)
    },
    /** A sitemap of these paths at `/sitemap.xml`. */
    sitemap(paths: readonly string[], at = '/sitemap.xml', gzip = false) {
      const urls = paths.map((path) => `  <url><loc>${origin}${path}</loc></url>`).join('\n')
      this.set(at, { body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>`, contentType: 'application/xml', gzip })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A small HTML page. */
export function htmlPage(title: string, text: string, links: readonly string[] = []): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p>${links.map((link) => `<a href="${link}">${link}</a>`).join(' ')}</body></html>`
}

/** The type of a started local site. */
export type LocalSite = Awaited<ReturnType<typeof startLocalSite>>
