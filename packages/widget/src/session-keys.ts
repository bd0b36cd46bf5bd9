/** Where an anonymous visitor's id and key are kept in the host site's localStorage (per app). */
export function sessionStorageKey(appId: string): string {
  return `warbler.widget.${appId}`
}

/** The stored anonymous visitor of an app, if any (localStorage may be unavailable: private modes, sandboxed frames). */
export function storedVisitorKey(appId: string): { visitorId: string; visitorKey: string } | undefined {
  try {
    const text = localStorage.getItem(sessionStorageKey(appId))
    if (!text) return undefined
    const value = JSON.parse(text) as { visitorId?: unknown; visitorKey?: unknown }
    return typeof value.visitorId === 'string' && typeof value.visitorKey === 'string' ? { visitorId: value.visitorId, visitorKey: value.visitorKey } : undefined
  } catch {
    return undefined
  }
}

/** Keeps (or forgets, with undefined) the anonymous visitor of an app. */
export function storeVisitorKey(appId: string, value: { visitorId: string; visitorKey: string } | undefined): void {
  try {
    if (value) localStorage.setItem(sessionStorageKey(appId), JSON.stringify(value))
    else localStorage.removeItem(sessionStorageKey(appId))
  } catch {
    // Without storage the visitor is new on every page load; chatting still works.
  }
}
