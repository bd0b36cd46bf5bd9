import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'

/** Where the built widget is: `WARBLER_WIDGET_DIR`, else `packages/widget/dist` next to this package. */
export function widgetDir(): string {
  return process.env.WARBLER_WIDGET_DIR ? resolve(process.env.WARBLER_WIDGET_DIR) : fileURLToPath(new URL('../../../widget/dist', import.meta.url))
}

interface Asset {
  body: Buffer
  gzip: Buffer
  etag: string
  mtimeMs: number
}

/** The loader's address never changes, so browsers revalidate it hourly; the panel chunks it names are content-hashed. */
const LOADER_CACHE = 'public, max-age=3600, stale-while-revalidate=86400'
const CHUNK_CACHE = 'public, max-age=31536000, immutable'

/**
 * Serves `GET /widget.js` (the loader) and `GET /widget/<chunk>.js` (the lazily loaded, hashed panel)
 * from the widget build, gzipped when the browser accepts it, with ETags, `Access-Control-Allow-Origin: *`
 * (the panel is loaded with `import()` from the host page's origin) and `Cross-Origin-Resource-Policy:
 * cross-origin`. Nothing about an app is in these files: any site may load them; the API decides.
 */
export function registerWidgetAssets(fastify: FastifyInstance, dir = widgetDir()): void {
  const cache = new Map<string, Asset>()
  const load = (name: string): Asset | undefined => {
    const path = join(dir, name)
    if (!existsSync(path)) return undefined
    const mtimeMs = statSync(path).mtimeMs
    const cached = cache.get(name)
    if (cached && cached.mtimeMs === mtimeMs) return cached
    const body = readFileSync(path)
    const asset = { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, mtimeMs }
    cache.set(name, asset)
    return asset
  }
  const send = (request: FastifyRequest, reply: FastifyReply, name: string, cacheControl: string) => {
    const asset = load(name)
    if (!asset) throw new WarblerError('not_found', existsSync(dir) ? `No widget file ${name}` : 'The widget is not built: run npm run build.')
    reply.header('content-type', 'text/javascript; charset=utf-8')
    reply.header('cache-control', cacheControl)
    reply.header('etag', asset.etag)
    reply.header('vary', 'Accept-Encoding')
    reply.header('access-control-allow-origin', '*')
    reply.header('cross-origin-resource-policy', 'cross-origin')
    reply.header('x-content-type-options', 'nosniff')
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip')
      return reply.send(asset.gzip)
    }
    return reply.send(asset.body)
  }
  fastify.get('/widget.js', async (request, reply) => send(request, reply, 'widget.js', LOADER_CACHE))
  fastify.get('/widget/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    if (!/^[A-Za-z0-9_-]+\.js$/.test(file)) throw new WarblerError('not_found', `No widget file ${file}`)
    return send(request, reply, file, CHUNK_CACHE)
  })
}

/** The built widget's files and their gzipped sizes (for the budget test and the report). */
export function widgetBuildSizes(dir = widgetDir()): { file: string; bytes: number; gzipBytes: number }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((file) => {
      const body = readFileSync(join(dir, file))
      return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }
    })
}
