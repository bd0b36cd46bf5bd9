import type { PushTargetInput, WebPushSubscription } from '@warbler/protocol'
import type { FeatureContext } from './feature-context.js'

/** A push target to register for this user: the provider's token, or a browser's subscription. */
export type PushRegistration = PushTargetInput & {
  /** A stable id of this device or browser profile (the client's `deviceId` when left out). */
  deviceId?: string
}

/** The part of a service worker registration Web Push needs (the browser's `ServiceWorkerRegistration`). */
export interface PushCapableRegistration {
  pushManager: {
    getSubscription(): Promise<{ toJSON(): unknown } | null>
    subscribe(options: { userVisibleOnly: boolean; applicationServerKey: ArrayBuffer }): Promise<{ toJSON(): unknown }>
  }
}

/**
 * Push notifications for this user's devices: the server pushes a message to them while the user
 * has no connected session. Register a device once it has a token (FCM, APNs, Huawei) or a Web
 * Push subscription; unregister it on sign-out.
 *
 * @example
 * ```ts
 * // In a browser, after the user opted in (Notification.requestPermission() === 'granted'):
 * const registration = await navigator.serviceWorker.register('/push-worker.js')
 * await client.push.subscribeBrowser(registration, { deviceId: 'this-browser' })
 * // In a React Native / native app:
 * await client.push.register({ provider: 'fcm', token: fcmToken, deviceId })
 * // On sign-out:
 * await client.push.unregister(deviceId)
 * ```
 */
export class Push {
  constructor(
    private readonly context: FeatureContext,
    private readonly options: { url: string; deviceId?: string; appId: () => string | undefined; fetch?: typeof fetch },
  ) {}

  /** Registers (or replaces) this user's push target for a device. */
  async register(registration: PushRegistration): Promise<{ deviceId: string; provider: string }> {
    const { deviceId = this.options.deviceId, ...target } = registration
    if (!deviceId) throw new TypeError('push.register needs a deviceId (or the client option deviceId).')
    return this.context.request('push.register', { deviceId, target: target as PushTargetInput })
  }

  /** Stops pushes to a device of this user; resolves with whether it was registered. */
  async unregister(deviceId = this.options.deviceId): Promise<boolean> {
    if (!deviceId) throw new TypeError('push.unregister needs a deviceId (or the client option deviceId).')
    return (await this.context.request('push.unregister', { deviceId })).removed
  }

  /** The app's VAPID public key (base64url), for `pushManager.subscribe`. */
  async vapidPublicKey(): Promise<string> {
    const appId = this.options.appId()
    if (!appId) throw new Error('Connect first: the app id comes from the server’s welcome.')
    const response = await (this.options.fetch ?? fetch)(`${this.options.url.replace(/\/$/, '')}/api/v1/apps/${encodeURIComponent(appId)}/push/vapid-public-key`)
    if (!response.ok) throw new Error(`Could not read the VAPID public key (HTTP ${response.status}).`)
    return ((await response.json()) as { publicKey: string }).publicKey
  }

  /**
   * Subscribes this browser with the app's VAPID key (reusing an existing subscription) and
   * registers it. Call it only after the user opted in to notifications.
   */
  async subscribeBrowser(registration: PushCapableRegistration, options: { deviceId?: string } = {}): Promise<{ deviceId: string; provider: string }> {
    const existing = await registration.pushManager.getSubscription()
    const subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(await this.vapidPublicKey()).buffer as ArrayBuffer }))
    const json = subscription.toJSON() as WebPushSubscription
    return this.register({ provider: 'webpush', subscription: json, ...(options.deviceId ? { deviceId: options.deviceId } : {}) })
  }
}

function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=')
  const binary = atob(base64)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
