import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { PUSH_WORKER_SCRIPT } from './push-worker-script.js'

interface FakeWindow {
  url: string
  focused: boolean
  navigated?: string
  focus(): Promise<void>
  navigate(url: string): Promise<void>
}

/** Runs the worker script in a sandbox with the service-worker globals it uses. */
function loadWorker(scriptUrl: string, scope: string, open: string[] = []) {
  const handlers = new Map<string, (event: unknown) => void>()
  const store = new Map<string, string>()
  const opened: string[] = []
  const shown: Array<{ title: string; options: { data?: unknown } }> = []
  const windows: FakeWindow[] = open.map((url) => ({
    url,
    focused: false,
    async focus() {
      this.focused = true
    },
    async navigate(target: string) {
      this.navigated = target
    },
  }))
  const self = {
    location: new URL(scriptUrl),
    registration: { scope, showNotification: async (title: string, options: { data?: unknown }) => void shown.push({ title, options }) },
    addEventListener: (type: string, handler: (event: unknown) => void) => handlers.set(type, handler),
    clients: { matchAll: async () => windows, openWindow: async (url: string) => void opened.push(url) },
  }
  const caches = {
    open: async () => ({
      put: async (key: string, response: Response) => void store.set(key, await response.text()),
      match: async (key: string) => (store.has(key) ? new Response(store.get(key)) : undefined),
    }),
  }
  runInNewContext(PUSH_WORKER_SCRIPT, { self, caches, clients: self.clients, URL, Response })
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let work: Promise<unknown> = Promise.resolve()
    handlers.get(type)!({ ...event, waitUntil: (promise: Promise<unknown>) => (work = promise) })
    await work
  }
  const click = (data: unknown) => dispatch('notificationclick', { notification: { data, close: () => undefined } })
  return { dispatch, click, opened, shown, windows, store }
}

describe('the notification worker', () => {
  it('for the chat app, a click opens the chat at the conversation', async () => {
    const worker = loadWorker('https://chat.example.com/push-worker.js', 'https://chat.example.com/')
    await worker.click({ conversationId: 'c_1' })
    expect(worker.opened).toEqual(['/?conversation=c_1'])
  })

  it('on a widget site, a click opens the page the visitor was on, or focuses it when it is open; other origins are ignored', async () => {
    const worker = loadWorker('https://shop.example.com/warbler-push-worker.js?widget=1', 'https://shop.example.com/warbler-push/')
    await worker.click({ conversationId: 'c_1' })
    expect(worker.opened).toEqual(['https://shop.example.com/']) // nothing remembered yet: the site's home
    await worker.dispatch('message', { data: { type: 'warbler.page', url: 'https://shop.example.com/products/beans?size=1kg' } })
    await worker.dispatch('message', { data: { type: 'warbler.page', url: 'https://evil.example/phish' } })
    await worker.click({ conversationId: 'c_1' })
    expect(worker.opened.at(-1)).toBe('https://shop.example.com/products/beans?size=1kg')

    const withTab = loadWorker('https://shop.example.com/warbler-push-worker.js?widget=1', 'https://shop.example.com/warbler-push/', ['https://shop.example.com/cart', 'https://shop.example.com/products/beans?size=1kg'])
    await withTab.dispatch('message', { data: { type: 'warbler.page', url: 'https://shop.example.com/products/beans?size=1kg' } })
    await withTab.click({ conversationId: 'c_1' })
    expect(withTab.opened).toEqual([])
    expect(withTab.windows.map((window) => window.focused)).toEqual([false, true])
    expect(withTab.windows.some((window) => window.navigated)).toBe(false) // the host page is never navigated to a chat route
  })

  it('shows each push with its title, body and data', async () => {
    const worker = loadWorker('https://shop.example.com/warbler-push-worker.js?widget=1', 'https://shop.example.com/warbler-push/')
    await worker.dispatch('push', { data: { json: () => ({ title: 'Shop helper', body: 'Your order shipped', tag: 'c_1', data: { conversationId: 'c_1' } }) } })
    expect(worker.shown).toEqual([{ title: 'Shop helper', options: expect.objectContaining({ body: 'Your order shipped', tag: 'c_1', data: { conversationId: 'c_1' } }) }])
  })
})
