import { useEffect } from 'react'

/**
 * Keeps `--visible-height` on the root element at the height of the visual viewport, so the chat
 * (and its composer) fits above an on-screen keyboard in browsers that only shrink the visual
 * viewport for it (Safari on iOS); where the layout viewport resizes (interactive-widget) the two agree.
 */
export function useVisibleHeight(): void {
  useEffect(() => {
    const viewport = window.visualViewport
    if (!viewport) return
    const root = document.documentElement
    const update = () => root.style.setProperty('--visible-height', `${Math.round(viewport.height)}px`)
    update()
    viewport.addEventListener('resize', update)
    return () => {
      viewport.removeEventListener('resize', update)
      root.style.removeProperty('--visible-height')
    }
  }, [])
}
