import type { FastifyInstance } from 'fastify'

/**
 * The service worker the chat app registers for browser notifications: shows each push and opens
 * (or focuses) the chat at its conversation when clicked. Served at `/push-worker.js` (the
 * worker's scope is the whole site, so it must be served from the root).
 */
export const PUSH_WORKER_SCRIPT = `'use strict'
self.addEventListener('push', (event) => {
  let push = {}
  try { push = event.data ? event.data.json() : {} } catch (error) { push = { title: 'Warbler', body: event.data ? event.data.text() : '' } }
  const data = push.data || {}
  event.waitUntil(self.registration.showNotification(push.title || 'Warbler', { body: push.body || '', tag: push.tag, renotify: Boolean(push.tag), data }))
})
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const conversationId = event.notification.data && event.notification.data.conversationId
  const target = conversationId ? '/?conversation=' + encodeURIComponent(conversationId) : '/'
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    for (const client of windows) {
      if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
        await client.focus()
        if ('navigate' in client) await client.navigate(target)
        return
      }
    }
    await self.clients.openWindow(target)
  })())
})
`

/** Serves {@link PUSH_WORKER_SCRIPT} at `/push-worker.js`, never cached for long (a new version must reach browsers). */
export function registerPushWorker(fastify: FastifyInstance): void {
  fastify.get('/push-worker.js', async (_request, reply) => {
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('service-worker-allowed', '/').header('x-content-type-options', 'nosniff')
    return PUSH_WORKER_SCRIPT
  })
}
