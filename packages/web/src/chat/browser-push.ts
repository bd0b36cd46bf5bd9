import type { WarblerClient } from '@warbler/sdk'

const DEVICE_KEY = 'warbler.chat.push-device'

/** Whether this browser can receive Web Push with the page closed. */
export function browserPushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
}

/** A stable id for this browser profile, so the server keeps one target per browser. */
export function browserDeviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY)
  if (!id) {
    id = `web-${crypto.randomUUID()}`
    localStorage.setItem(DEVICE_KEY, id)
  }
  return id
}

/** What turning notifications on ended in. */
export type PushOptIn = 'on' | 'denied' | 'unsupported' | 'failed'

/**
 * Asks the user (only after they pressed the button), registers the notification worker, and
 * registers this browser's subscription for the signed-in user.
 */
export async function turnOnBrowserPush(client: WarblerClient): Promise<PushOptIn> {
  if (!browserPushSupported()) return 'unsupported'
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') return 'denied'
  try {
    const registration = await navigator.serviceWorker.register('/push-worker.js', { scope: '/' })
    await navigator.serviceWorker.ready
    await client.push.subscribeBrowser(registration, { deviceId: browserDeviceId() })
    return 'on'
  } catch {
    return 'failed'
  }
}

/** Stops pushes to this browser for the user (sign-out, or the user turned them off). */
export async function turnOffBrowserPush(client: WarblerClient): Promise<void> {
  if (!browserPushSupported()) return
  const registration = await navigator.serviceWorker.getRegistration('/')
  const subscription = await registration?.pushManager.getSubscription()
  if (!subscription) return
  // Unsubscribing first ends pushes at once (the push service answers 410 and the server prunes);
  // telling the server is quick when online and given up after 3 s when not.
  await subscription.unsubscribe().catch(() => false)
  await Promise.race([client.push.unregister(browserDeviceId()).catch(() => false), new Promise((resolve) => setTimeout(resolve, 3000))])
}

/** Whether this browser is subscribed right now (and allowed to show notifications). */
export async function browserPushIsOn(): Promise<boolean> {
  if (!browserPushSupported() || Notification.permission !== 'granted') return false
  const registration = await navigator.serviceWorker.getRegistration('/')
  return Boolean(await registration?.pushManager.getSubscription())
}
