import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PUSH_WORKER_SCRIPT } from '../../src/push/push-worker-script.js'

/** Loud site CSS: if any of it reached the widget, the widget would look different. */
export const LOUD_CSS = `* { font-family: Georgia, serif !important; letter-spacing: 2px; }
body { color: #b91c1c; font-size: 22px; line-height: 3; }
button { background: rgb(180, 83, 9) !important; text-transform: uppercase; border-radius: 0 !important; width: 300px; }
textarea, input { font-size: 30px; border: 5px solid lime; }
div { padding: 20px; }
.panel, .launcher, .msg, .bubble { display: none !important; }`

/** A site on its own origin (a loopback port of its own) that embeds the widget from Warbler's origin. */
export interface HostSite {
  origin: string
  close(): Promise<void>
}

/**
 * Serves host pages: `/shop` (loud CSS), `/plain` (no CSS), `/zh` (`<html lang="zh-CN">`) and
 * `/identified?userId=&userHash=`, `/push[?lang=zh-CN]` (opted in to browser notifications with `data-push-worker`,
 * whose worker the site hosts at `/warbler-push-worker.js` as the docs say); each has the one widget
 * tag pointing at `warblerUrl`.
 */
export async function startHostSite(warblerUrl: string, appId: string, hostname = 'localhost'): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid')
    if (url.pathname === '/warbler-push-worker.js') return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(PUSH_WORKER_SCRIPT)
    const attrs = [`src="${warblerUrl}/widget.js"`, `data-app-id="${appId}"`, 'async']
    if (url.pathname === '/identified') attrs.push(`data-user-id="${url.searchParams.get('userId') ?? ''}"`, `data-user-hash="${url.searchParams.get('userHash') ?? ''}"`, 'data-user-name="Ada"')
    if (url.pathname === '/push') attrs.push('data-push-worker="/warbler-push-worker.js"')
    const lang = url.pathname === '/zh' || url.searchParams.get('lang') === 'zh-CN' ? 'zh-CN' : 'en'
    const css = url.pathname === '/plain' ? '' : `<style>${LOUD_CSS}</style>`
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${css}</head>
<body><h1>Shop</h1><button id="host-button" type="button">Add to cart</button><script ${attrs.join(' ')}></script></body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, hostname === 'localhost' ? '127.0.0.1' : hostname, resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://${hostname}:${port}`,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
