import type { WarblerClient } from '@warbler/sdk'
import type { WidgetTexts } from '../texts.js'

/** Whether this browser can show notifications from a closed page (Web Push needs a secure page). */
export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
}

/**
 * The worker's scope: a folder of its own below the script, so it never takes the place of the
 * site's own service worker (push events reach a registration whatever pages it controls).
 */
export function workerScope(workerUrl: string): string {
  return new URL('warbler-push/', workerUrl).href
}

/** The script URL the widget registers: `?widget` tells the worker to open the visitor's page, not the chat app. */
function widgetWorkerUrl(workerUrl: string): string {
  const url = new URL(workerUrl)
  url.searchParams.set('widget', '1')
  return url.href
}

function deviceId(appId: string): string {
  const key = `warbler.widget.${appId}.push-device`
  let id = localStorage.getItem(key)
  if (!id) {
    id = `widget-${crypto.randomUUID()}`
    localStorage.setItem(key, id)
  }
  return id
}

function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  if (registration.active) return Promise.resolve(registration.active)
  const worker = registration.installing ?? registration.waiting
  return new Promise((resolve, reject) => {
    if (!worker) return reject(new Error('no worker'))
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve(worker)
      else if (worker.state === 'redundant') reject(new Error('the worker was not installed'))
    })
  })
}

/** Tells the worker which page to open when a notification is clicked: the one the visitor is on. */
function rememberPage(worker: ServiceWorker | null | undefined): void {
  worker?.postMessage({ type: 'warbler.page', url: location.href })
}

/**
 * "Notify me of replies": nothing is asked until the visitor presses it. Then it asks for
 * permission, registers the site's copy of the worker, subscribes with the app's VAPID key and
 * registers this browser for the visitor (`push.register` over the visitor's connection). Pressed
 * again, it stops them. Problems are said in words.
 */
export function buildNotifyToggle(texts: WidgetTexts, appId: string, workerUrl: string, client: () => Promise<WarblerClient | undefined>): HTMLElement {
  const bar = document.createElement('div')
  bar.className = 'notify'
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'secondary'
  button.title = texts.notifyExplain
  const status = document.createElement('span')
  status.setAttribute('role', 'status')
  bar.append(button, status)
  const scope = workerScope(workerUrl)
  let on = false
  const show = (next: boolean, message = '') => {
    on = next
    button.textContent = on ? texts.notifyOff : texts.notifyOn
    button.setAttribute('aria-pressed', String(on))
    status.textContent = message
  }
  show(false)

  void (async () => {
    if (Notification.permission !== 'granted') return
    const registration = await navigator.serviceWorker.getRegistration(scope)
    if (!registration || !(await registration.pushManager.getSubscription())) return
    rememberPage(registration.active)
    show(true, texts.notifyIsOn)
  })().catch(() => undefined)

  const turnOn = async () => {
    const permission = await Notification.requestPermission()
    if (permission !== 'granted') return show(false, texts.notifyDenied)
    try {
      const registration = await navigator.serviceWorker.register(widgetWorkerUrl(workerUrl), { scope })
      const worker = await activated(registration)
      const connected = await client()
      if (!connected) throw new Error('not connected')
      await connected.push.subscribeBrowser(registration, { deviceId: deviceId(appId) })
      rememberPage(worker)
      show(true, texts.notifyIsOn)
    } catch {
      show(false, texts.notifyFailed)
    }
  }
  const turnOff = async () => {
    const registration = await navigator.serviceWorker.getRegistration(scope)
    const subscription = await registration?.pushManager.getSubscription()
    // Unsubscribing ends pushes at once (the push service answers 410 and the server prunes the device).
    await subscription?.unsubscribe().catch(() => false)
    const connected = await client()
    await connected?.push.unregister(deviceId(appId)).catch(() => false)
    show(false)
  }
  button.addEventListener('click', () => {
    button.disabled = true
    void (on ? turnOff() : turnOn()).finally(() => (button.disabled = false))
  })
  return bar
}
