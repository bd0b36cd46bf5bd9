import { useEffect } from 'react'

/** The tab title with the unread count in front: `(3) Warbler`, `(99+) Warbler`, or the title alone. */
export function titleWithUnread(base: string, unread: number): string {
  if (unread <= 0) return base
  return `(${unread > 99 ? '99+' : unread}) ${base}`
}

/** Shows the unread count in the tab title while `enabled`; puts the plain title back otherwise and on unmount. */
export function useUnreadTitle(unread: number, enabled: boolean): void {
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\+?\) /, '')
    document.title = enabled ? titleWithUnread(base, unread) : base
    return () => {
      document.title = base
    }
  }, [unread, enabled])
}
