/** The longest `Crawl-delay` honoured, in seconds (a larger one is read as this). */
export const MAX_CRAWL_DELAY_SECONDS = 60

/**
 * Spaces requests `delayMs` apart however many lanes read at once (robots.txt `Crawl-delay`):
 * each call waits for its own slot. With no delay it returns at once.
 */
export function pacer(delayMs: number, signal?: AbortSignal): () => Promise<void> {
  let next = 0
  return async () => {
    if (delayMs <= 0) return
    const now = Date.now()
    const at = Math.max(now, next)
    next = at + delayMs
    if (at <= now) return
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal!.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, at - now)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** The delay between requests a robots.txt asks for, in ms (capped). */
export function crawlDelayMs(seconds: number | undefined): number {
  return seconds === undefined ? 0 : Math.round(Math.min(MAX_CRAWL_DELAY_SECONDS, Math.max(0, seconds)) * 1000)
}
