import { WarblerError, type WidgetSettings } from '@warbler/protocol'
import type { AppService } from '../domain/app-service.js'

/** The `Origin` header of a request, lower-cased, or undefined. */
export function originOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers.origin
  const origin = Array.isArray(value) ? value[0] : value
  return origin && origin !== 'null' ? origin.toLowerCase() : undefined
}

/**
 * The origin of the page that made a widget request: its `Origin` header, or, for a same-origin
 * GET (browsers send no `Origin` then, but do send `Sec-Fetch-Site`, which pages cannot set), this
 * server's own origin: the widget on a page Warbler itself serves, like `/widget-demo.html`.
 */
export function pageOriginOf(request: { headers: Record<string, string | string[] | undefined>; protocol: string; host: string }): string | undefined {
  const origin = originOf(request.headers)
  if (origin) return origin
  return request.headers['sec-fetch-site'] === 'same-origin' && request.host ? `${request.protocol}://${request.host}`.toLowerCase() : undefined
}

/** The app's widget settings when the widget is configured and `origin` is allowed; else undefined. */
export async function widgetFor(apps: Pick<AppService, 'settings'>, appId: string, origin: string | undefined): Promise<WidgetSettings | undefined> {
  if (!origin) return undefined
  let widget: WidgetSettings | undefined
  try {
    widget = (await apps.settings(appId)).widget
  } catch (error) {
    if (WarblerError.isInstance(error) && error.code === 'app_not_found') return undefined
    throw error
  }
  return widget?.allowedOrigins.includes(origin) ? widget : undefined
}

/**
 * The app's widget settings for a public widget request, or `forbidden` when the page's origin is
 * not one of the app's `widget.allowedOrigins` (or the request names no origin, or the app is unknown:
 * the same answer, so the endpoint does not tell which apps exist).
 */
export async function requireWidgetOrigin(apps: Pick<AppService, 'settings'>, appId: string, origin: string | undefined): Promise<WidgetSettings> {
  const widget = await widgetFor(apps, appId, origin)
  if (!widget) throw new WarblerError('forbidden', 'This page’s origin may not use this app’s chat widget (see widget.allowedOrigins).')
  return widget
}
