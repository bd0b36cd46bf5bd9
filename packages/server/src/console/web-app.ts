import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageSecurityHeaders } from './page-security-headers.js'

/** Where the built web app is: `WARBLER_WEB_DIR`, else `packages/web/dist` next to this package. */
export function webAppDir(): string {
  return process.env.WARBLER_WEB_DIR ? resolve(process.env.WARBLER_WEB_DIR) : fileURLToPath(new URL('../../../web/dist', import.meta.url))
}

/** Answers a request the router did not know; true when it did (an HTML page of the web app). */
export type WebAppFallback = (request: FastifyRequest, reply: FastifyReply) => boolean

/**
 * Serves the built web app when it exists: files as they are (hashed assets cached for a year),
 * the console's page for `/console` and everything below it, and the chat app's page for any
 * other page address (single-page app fallback). API, WebSocket and metrics paths are never
 * answered with a page. Every page carries its security headers (strict CSP without inline script,
 * no framing, nosniff, no referrer; see {@link pageSecurityHeaders}).
 */
export function registerWebApp(fastify: FastifyInstance, dir = webAppDir()): WebAppFallback {
  if (!existsSync(resolve(dir, 'index.html'))) return () => false
  // Only the hashed assets are served as files; pages go through the fallback below.
  void fastify.register(fastifyStatic, {
    root: resolve(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    // Applies to pages sent with sendFile too: only hashed assets may be cached for good.
    setHeaders(reply, path) {
      reply.header('cache-control', path.startsWith(resolve(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache')
      reply.header('x-content-type-options', 'nosniff')
    },
  })
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const path = request.url.split('?')[0] ?? '/'
    if (/^\/(api|v1|ws|healthz|readyz|metrics)(\/|$)/.test(path) || path.startsWith('/assets/')) return false
    const page = path === '/console' || path.startsWith('/console/') ? 'console' : 'chat'
    reply.header('cache-control', 'no-cache')
    reply.headers(pageSecurityHeaders(page))
    void reply.code(200).sendFile(page === 'console' ? 'console/index.html' : 'index.html', dir)
    return true
  }
}
