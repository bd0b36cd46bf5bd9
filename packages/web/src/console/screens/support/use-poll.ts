import { useEffect, useRef } from 'react'

/**
 * Runs `tick` now and then every `intervalMs` while the page is visible (and again as soon as it
 * becomes visible), never two at once. Changing `key` restarts it. The inbox's live updates.
 */
export function usePoll(tick: () => Promise<void>, intervalMs: number, key: string): void {
  const latest = useRef(tick)
  latest.current = tick
  useEffect(() => {
    let stopped = false
    let running = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const run = async () => {
      if (stopped || running) return
      clearTimeout(timer)
      running = true
      try {
        if (document.visibilityState !== 'hidden') await latest.current()
      } finally {
        running = false
        if (!stopped) timer = setTimeout(() => void run(), intervalMs)
      }
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible') void run()
    }
    document.addEventListener('visibilitychange', onVisible)
    void run()
    return () => {
      stopped = true
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [intervalMs, key])
}
