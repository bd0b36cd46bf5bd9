/**
 * Adds CSS to a shadow root: a constructed stylesheet where the browser has them (no `<style>`
 * element, so a host page's CSP without `'unsafe-inline'` styles does not block it), else a `<style>`.
 */
export function adoptCss(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    return
  }
  const style = document.createElement('style')
  style.textContent = css
  root.appendChild(style)
}

/**
 * The launcher. The wrapper resets everything it could inherit from the host element (`all: initial`)
 * and sets its own font and colours, so a site's `* { font-family: … }` or `body { color: … }` stays out.
 */
export const LAUNCHER_CSS = `
.w { all: initial; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", sans-serif; color: #111827; }
.w *, .w *::before, .w *::after { box-sizing: border-box; font: inherit; letter-spacing: normal; text-transform: none; }
.launcher { position: fixed; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0; padding: 0; margin: 0;
  background: var(--w-accent, #2563eb); color: #fff; cursor: pointer; box-shadow: 0 6px 20px rgba(0,0,0,.25); display: flex; align-items: center; justify-content: center; z-index: 2147483000; }
.launcher.right { right: 20px; } .launcher.left { left: 20px; }
.launcher:focus-visible { outline: 3px solid #111827; outline-offset: 3px; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px; background: #dc2626; color: #fff;
  font-size: 12px; font-weight: 700; line-height: 22px; text-align: center; border: 2px solid #fff; }
.badge[hidden] { display: none; }
@media (prefers-reduced-motion: no-preference) { .launcher { transition: transform .15s ease; } .launcher:hover { transform: scale(1.05); } }
`
