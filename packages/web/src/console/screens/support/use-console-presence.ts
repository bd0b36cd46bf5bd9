import { useEffect, useRef } from 'react'
import { appApi } from '../../console-api.js'

/** Retry after a refused or failed renewal (the lease itself lasts 90 s). */
const RETRY_MS = 10_000

/** This browser window's id: a lease per window, so closing one inbox tab keeps another's. */
const WINDOW_ID = (() => {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return `w${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`
})()

/** The lease route of one agent, below the app API. */
export function consolePresencePath(agentId: string, windowId = WINDOW_ID): string {
  return `agents/${encodeURIComponent(agentId)}/console-presence/${windowId}`
}

/**
 * While the inbox is open and works as `agentId`, this window counts as that agent's connected
 * session, so customer service assigns them conversations (docs/decisions.md "A console inbox counts
 * as the agent's connected session"). It renews the lease when the server asks — also in a
 * background tab: the tab is open, so the agent is there — and ends it when the inbox closes, the
 * agent changes or the page is left (a `keepalive` request that outlives the page). A crashed
 * browser's lease fades out on the server. `onConnected` runs after the first lease of an agent.
 */
export function useConsolePresence(appId: string, agentId: string | undefined, enabled: boolean, onConnected: () => void): void {
  const connected = useRef(onConnected)
  connected.current = onConnected
  useEffect(() => {
    if (!agentId || !enabled) return
    const path = consolePresencePath(agentId)
    let stopped = false
    let first = true
    let timer: ReturnType<typeof setTimeout> | undefined
    let inFlight: Promise<void> = Promise.resolve()
    const hold = () => (inFlight = renew())
    const renew = async () => {
      clearTimeout(timer)
      let next = RETRY_MS
      try {
        const lease = await appApi<{ renewAfterMs: number }>(appId, 'PUT', path)
        next = lease.renewAfterMs
        if (first && !stopped) {
          first = false
          connected.current()
        }
      } catch {
        // Refused (not an agent any more) or offline: try again later; the inbox shows "not connected".
      }
      if (!stopped) timer = setTimeout(() => void hold(), next)
    }
    const release = () =>
      void fetch(`/api/v1/console/apps/${encodeURIComponent(appId)}/api/${path}`, {
        method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: { accept: 'application/json', 'x-warbler-console': '1' },
      }).catch(() => undefined)
    const onPageHide = () => {
      clearTimeout(timer)
      release()
    }
    // Back from the back/forward cache: the window is open again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted && !stopped) void hold()
    }
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('pageshow', onPageShow)
    void hold()
    return () => {
      stopped = true
      clearTimeout(timer)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
      // After a renewal under way, so the release is the last word.
      void inFlight.then(release)
    }
  }, [appId, agentId, enabled])
}
