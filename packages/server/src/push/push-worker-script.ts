import type { FastifyInstance } from 'fastify'

/**
 * The service worker for browser notifications: shows each push and, when one is clicked, opens or
 * focuses a page. Served at `/push-worker.js`.
 *
 * - The chat app registers it as it is (scope: the whole site): a click opens the chat at the
 *   conversation.
 * - A site with the widget hosts a copy on its own origin (`data-push-worker`); the widget
 *   registers it with `?widget=1` and posts `{ type: 'warbler.page', url }` with the page the
 *   visitor is on. A click focuses that page if it is open, else opens it (or the site's `/`
 *   when none was remembered): the host site's own routes know nothing of conversation ids.
 */
export const PUSH_WORKER_SCRIPT = `'use strict'
const WIDGET = new URL(self.location.href).searchParams.has('widget')
const PAGE_KEY = new URL('warbler-push-page', self.registration.scope).href
self.addEventListener('message', (event) => {
  const message = event.data || {}
  if (message.type !== 'warbler.page' || typeof message.url !== 'string') return
  let page
  try { page = new URL(message.url) } catch (error) { return }
  if (page.origin !== self.location.origin) return
  event.waitUntil(caches.open('warbler-push').then((cache) => cache.put(PAGE_KEY, new Response(page.href))))
})
async function rememberedPage() {
  const cache = await caches.open('warbler-push')
  const answer = await cache.match(PAGE_KEY)
  return answer ? answer.text() : undefined
}
self.addEventListener('push', (event) => {
  let push = {}
  try { push = event.data ? event.data.json() : {} } catch (error) { push = { title: 'Warbler', body: event.data ? event.data.text() : '' } }
  const data = push.data || {}
  event.waitUntil(self.registration.showNotification(push.title || 'Warbler', { body: push.body || '', tag: push.tag, renotify: Boolean(push.tag), data }))
})
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const conversationId = event.notification.data && event.notification.data.conversationId
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    if (WIDGET) {
      const page = (await rememberedPage().catch(() => undefined)) || new URL('/', self.location.origin).href
      const open = windows.find((client) => client.url === page)
      if (open && 'focus' in open) return void (await open.focus())
      return void (await self.clients.openWindow(page))
    }
    const target = conversationId ? '/?conversation=' + encodeURIComponent(conversationId) : '/'
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
