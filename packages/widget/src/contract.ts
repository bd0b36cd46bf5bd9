import type { WidgetLocale } from './locale.js'

/** What a site passes to identify a signed-in user (its backend computes `userHash`). */
export interface WidgetIdentity {
  userId: string
  /** hex HMAC-SHA256(identity secret, userId), computed on the site's server. */
  userHash: string
  name?: string
  email?: string
}

/** The app's public widget config (`GET /api/v1/apps/{appId}/widget`). */
export interface WidgetConfig {
  theme: { color: string; position: 'right' | 'left'; greeting: Record<string, string> }
  preChat: { enabled: boolean; fields: ('name' | 'email' | 'phone')[]; consent: Record<string, string> }
  requireIdentity: boolean
  bot: { id: string; name: string } | null
}

/** What the loader gives the lazily loaded panel. */
export interface PanelOptions {
  root: ShadowRoot
  /** The Warbler server, e.g. `https://chat.example.com`. */
  base: string
  appId: string
  locale: WidgetLocale
  config: WidgetConfig
  identity?: WidgetIdentity
  /**
   * The site's copy of Warbler's notification worker (`data-push-worker`, absolute, same origin as
   * the page): when set, the panel offers "Notify me of replies".
   */
  pushWorker?: string
  /** The panel asks to be closed (its close button, Escape). */
  onClose(): void
  /** Unread messages from the bot or agents while the panel is closed. */
  onUnread(count: number): void
}

/** The mounted panel. */
export interface PanelHandle {
  open(): void
  close(): void
  identify(identity: WidgetIdentity): void
}

/** The panel chunk's one export. */
export type MountPanel = (options: PanelOptions) => PanelHandle

/** `window.Warbler`: the widget's only global. */
export interface WarblerWidgetApi {
  open(): void
  close(): void
  identify(identity: WidgetIdentity): void
  on(event: 'unread', listener: (count: number) => void): () => void
  off(event: 'unread', listener: (count: number) => void): void
}
