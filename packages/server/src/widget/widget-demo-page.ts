import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** The fake shop page: the snippet a site owner pastes, on a page with its own (deliberately loud) CSS. */
export function demoShopHtml(appId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Warbler Coffee — widget demo</title>
<link rel="stylesheet" href="/widget-demo.css">
</head>
<body>
<header><h1>Warbler Coffee</h1><p>Fresh beans, roasted on Mondays. 周一烘焙的新鲜咖啡豆。</p></header>
<main>
  <section class="products">
    <article><h2>House blend</h2><p>Chocolate, hazelnut. 250 g</p><button type="button">Add to cart</button></article>
    <article><h2>Yunnan single origin</h2><p>Plum, black tea. 250 g</p><button type="button">Add to cart</button></article>
    <article><h2>Decaf</h2><p>Caramel, almond. 250 g</p><button type="button">Add to cart</button></article>
  </section>
  <section class="help">
    <h2>Try the widget</h2>
    <p>Open the chat at the bottom right and ask the assistant something, e.g. <q>How do I start Warbler?</q>
    Type <q>human</q> (or 转人工) to be handed to a person; an agent answers from the console inbox.</p>
    <p>This page is plain HTML with one tag:</p>
    <pre><code>&lt;script src="/widget.js" data-app-id="${escapeHtml(appId)}" async&gt;&lt;/script&gt;</code></pre>
  </section>
</main>
<script src="/widget.js" data-app-id="${escapeHtml(appId)}" async></script>
</body>
</html>
`
}

/** Loud host-page CSS: the widget must look the same whatever a site's stylesheet says. */
export const DEMO_SHOP_CSS = `* { font-family: Georgia, serif; box-sizing: border-box; }
body { margin: 0; background: #fbf6ef; color: #3b2a1a; }
header { background: #3b2a1a; color: #fbf6ef; padding: 2rem; }
main { max-width: 960px; margin: 0 auto; padding: 1rem; }
.products { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 1rem; }
article { background: #fff; border: 2px solid #3b2a1a; padding: 1rem; }
button { background: #b45309; color: #fff; border: 0; padding: .75rem 1rem; font-size: 1.1rem; text-transform: uppercase; }
pre { background: #fff; padding: 1rem; overflow-x: auto; }
`

/**
 * Serves `/widget-demo.html` and its stylesheet while the data dir holds the demo seed (`npm start`),
 * for the demo app, under a strict Content-Security-Policy with no inline script or style: the widget
 * must work on such sites too.
 */
export function registerWidgetDemo(fastify: FastifyInstance, dataDir: string): void {
  const demoAppId = (): string | undefined => {
    const file = join(dataDir, 'demo.json')
    if (!existsSync(file)) return undefined
    return (JSON.parse(readFileSync(file, 'utf8')) as { appId?: string }).appId
  }
  fastify.get('/widget-demo.html', async (_request, reply) => {
    const appId = demoAppId()
    if (!appId) throw new WarblerError('not_found', 'The widget demo needs the demo app (WARBLER_DEMO=true, the default of npm start).')
    reply.header('content-type', 'text/html; charset=utf-8')
    reply.header('cache-control', 'no-cache')
    reply.header('x-content-type-options', 'nosniff')
    reply.header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    return reply.send(demoShopHtml(appId))
  })
  fastify.get('/widget-demo.css', async (_request, reply) => {
    reply.header('content-type', 'text/css; charset=utf-8')
    reply.header('cache-control', 'no-cache')
    return reply.send(DEMO_SHOP_CSS)
  })
}
