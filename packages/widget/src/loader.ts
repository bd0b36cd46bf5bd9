/**
 * `widget.js`: the tiny loader a site pastes as one tag.
 *
 * @example
 * ```html
 * <script src="https://chat.example.com/widget.js" data-app-id="app_…" async></script>
 * ```
 *
 * It asks the server for the app's widget look (refused unless this page's origin is allowed),
 * shows the launcher in an open Shadow DOM, and loads the panel chunk only when the visitor opens
 * the chat (or, for a returning visitor, when the browser is idle, to show unread messages).
 * Its only global is `window.Warbler`.
 */
import type { MountPanel, PanelHandle, WarblerWidgetApi, WidgetConfig, WidgetIdentity } from './contract.js'
import { pickLocale } from './locale.js'
import { storedVisitorKey } from './session-keys.js'
import { adoptCss, LAUNCHER_CSS } from './styles.js'
import { textsFor } from './texts.js'

declare const __WARBLER_PANEL_FILE__: string

const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>'
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>'

type WindowWithWarbler = Window & { Warbler?: WarblerWidgetApi & { version?: string } }

function start(script: HTMLScriptElement): void {
  const appId = script.dataset.appId
  if (!appId) {
    console.warn('Warbler widget: add data-app-id="app_…" to the script tag.')
    return
  }
  const base = new URL('.', script.src).href.replace(/\/$/, '')
  const locale = pickLocale(script.dataset.locale, document.documentElement.lang, navigator.language)
  const texts = textsFor(locale)
  let identity: WidgetIdentity | undefined =
    script.dataset.userId && script.dataset.userHash
      ? { userId: script.dataset.userId, userHash: script.dataset.userHash, ...(script.dataset.userName ? { name: script.dataset.userName } : {}), ...(script.dataset.userEmail ? { email: script.dataset.userEmail } : {}) }
      : undefined

  // A service worker must come from the page's own origin: the site hosts its copy of Warbler's worker.
  const pushWorker = script.dataset.pushWorker ? new URL(script.dataset.pushWorker, location.href) : undefined
  if (pushWorker && pushWorker.origin !== location.origin) console.warn('Warbler widget: data-push-worker must be a script on this site (the browser allows no other).')
  const pushWorkerUrl = pushWorker?.origin === location.origin ? pushWorker.href : undefined

  const host = document.createElement('warbler-widget')
  // Through the CSSOM, not a style attribute: a host page's CSP may forbid inline styles.
  for (const [property, value] of [['all', 'initial'], ['position', 'fixed'], ['width', '0'], ['height', '0'], ['bottom', '0'], ['right', '0'], ['z-index', '2147483000']]) {
    host.style.setProperty(property!, value!)
  }
  const root = host.attachShadow({ mode: 'open' })
  adoptCss(root, LAUNCHER_CSS)
  const wrapper = document.createElement('div')
  wrapper.className = 'w'
  wrapper.lang = locale
  root.appendChild(wrapper)
  const launcher = document.createElement('button')
  launcher.type = 'button'
  launcher.className = 'launcher'
  launcher.setAttribute('aria-expanded', 'false')
  const badge = document.createElement('span')
  badge.className = 'badge'
  badge.hidden = true
  launcher.innerHTML = CHAT_ICON
  launcher.appendChild(badge)
  wrapper.appendChild(launcher)

  const listeners = new Set<(count: number) => void>()
  let config: WidgetConfig | undefined
  let panel: PanelHandle | undefined
  let loading: Promise<PanelHandle | undefined> | undefined
  let isOpen = false
  let wantOpen = false

  const label = () => {
    launcher.setAttribute('aria-label', isOpen ? texts.closeChat : texts.openChat)
    launcher.setAttribute('aria-expanded', String(isOpen))
    launcher.innerHTML = isOpen ? CLOSE_ICON : CHAT_ICON
    launcher.appendChild(badge)
  }
  const setUnread = (count: number) => {
    badge.hidden = count === 0
    badge.textContent = count > 99 ? '99+' : String(count)
    badge.setAttribute('aria-label', texts.unread(count))
    for (const listener of listeners) listener(count)
  }
  const loadPanel = (): Promise<PanelHandle | undefined> => {
    if (!config) return Promise.resolve(undefined)
    const ready = config
    loading ??= (import(/* @vite-ignore */ `${base}/widget/${__WARBLER_PANEL_FILE__}`) as Promise<{ mountPanel: MountPanel }>)
      .then(({ mountPanel }) => {
        panel = mountPanel({ root, base, appId, locale, config: ready, ...(identity ? { identity } : {}), ...(pushWorkerUrl ? { pushWorker: pushWorkerUrl } : {}), onClose: () => api.close(), onUnread: setUnread })
        return panel
      })
      .catch((error: unknown) => {
        loading = undefined
        console.warn('Warbler widget: the chat panel could not be loaded.', error)
        return undefined
      })
    return loading
  }

  const api: WarblerWidgetApi = {
    open() {
      wantOpen = true
      void loadPanel().then((mounted) => {
        if (!mounted || !wantOpen) return
        isOpen = true
        label()
        mounted.open()
      })
    },
    close() {
      wantOpen = false
      isOpen = false
      label()
      panel?.close()
      launcher.focus()
    },
    identify(next) {
      identity = next
      panel?.identify(next)
    },
    on(_event, listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    off(_event, listener) {
      listeners.delete(listener)
    },
  }
  ;(window as WindowWithWarbler).Warbler = api
  launcher.addEventListener('click', () => (isOpen ? api.close() : api.open()))
  label()

  fetch(`${base}/api/v1/apps/${encodeURIComponent(appId)}/widget`, { credentials: 'omit' })
    .then(async (response) => {
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
        throw new Error(body?.error?.message ?? `HTTP ${response.status}`)
      }
      return response.json() as Promise<WidgetConfig>
    })
    .then((loaded) => {
      config = loaded
      wrapper.style.setProperty('--w-accent', loaded.theme.color)
      launcher.classList.add(loaded.theme.position)
      document.body.appendChild(host)
      performance.mark?.('warbler-launcher-visible')
      // A returning visitor's unread answers show on the badge without a click.
      if (storedVisitorKey(appId) || identity) {
        const idle = (window as Window & { requestIdleCallback?: (callback: () => void) => void }).requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1500))
        idle(() => void loadPanel())
      }
    })
    .catch((error: unknown) => console.warn(`Warbler widget: ${error instanceof Error ? error.message : String(error)}`))
}

const script = document.currentScript as HTMLScriptElement | null
if (script && !(window as WindowWithWarbler).Warbler) {
  // Never in the way of the host page: wait for the document to be parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(script), { once: true })
  else start(script)
}
