import type { ServerContext } from '../server-context.js'

/**
 * Gives the demo app a widget (once): the `assistant` bot, allowed on this server's own
 * `localhost` / `127.0.0.1` origins, so `/widget-demo.html` works after `npm start`.
 */
export async function ensureDemoWidget(context: Pick<ServerContext, 'apps' | 'config'>, appId: string, botId: string): Promise<void> {
  const settings = await context.apps.settings(appId)
  if (settings.widget) return
  const port = context.config.port || 8080
  await context.apps.updateSettings(appId, {
    widget: {
      allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
      botId,
      theme: { color: '#2563eb', position: 'right', greeting: { en: 'Hi! Ask me anything about Warbler.', 'zh-CN': '你好！有关 Warbler 的问题都可以问我。' } },
      preChat: { enabled: false, fields: ['name', 'email'], consent: {} },
      requireIdentity: false,
    },
  })
}
