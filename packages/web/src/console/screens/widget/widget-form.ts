import type { WidgetSettings } from '@warbler/protocol'

/** What the widget screen edits: the settings as form fields (origins as text, one per line). */
export interface WidgetDraft {
  originsText: string
  botId: string
  color: string
  position: 'right' | 'left'
  greetingEn: string
  greetingZh: string
  preChatEnabled: boolean
  preChatFields: ('name' | 'email' | 'phone')[]
  consentEn: string
  consentZh: string
  requireIdentity: boolean
}

/** The look a new widget starts with (the defaults of `WidgetSettings` in @warbler/protocol). */
export const DEFAULT_COLOR = '#2563eb'
/** Pre-chat fields in the order the widget asks them. */
export const PRE_CHAT_FIELDS = ['name', 'email', 'phone'] as const

/** The form fields for saved settings (absent settings: the defaults). */
export function draftOf(widget: WidgetSettings | undefined): WidgetDraft {
  return {
    originsText: (widget?.allowedOrigins ?? []).join('\n'),
    botId: widget?.botId ?? '',
    color: widget?.theme?.color ?? DEFAULT_COLOR,
    position: widget?.theme?.position ?? 'right',
    greetingEn: widget?.theme?.greeting?.en ?? '',
    greetingZh: widget?.theme?.greeting?.['zh-CN'] ?? '',
    preChatEnabled: widget?.preChat?.enabled ?? false,
    preChatFields: widget?.preChat?.fields ?? ['name', 'email'],
    consentEn: widget?.preChat?.consent?.en ?? '',
    consentZh: widget?.preChat?.consent?.['zh-CN'] ?? '',
    requireIdentity: widget?.requireIdentity ?? false,
  }
}

/** Why one typed origin is not accepted (keys under `console.widget.originProblem`). */
export type OriginProblem = 'path' | 'missingScheme' | 'scheme' | 'invalid'

/** One line of the origins box, checked. */
export interface OriginLine {
  text: string
  /** The origin to save (lower case), when the line is one. */
  origin?: string
  problem?: OriginProblem
}

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/

/**
 * Checks the origins box line by line (commas and spaces also separate). The server accepts
 * `http(s)://host[:port]` only; a pasted page address (`https://shop.example.com/cart`) is the most
 * common mistake, so it gets its own explanation and the origin it should be.
 *
 * @example
 * ```ts
 * checkOrigins('https://Shop.example.com\nhttps://shop.example.com/cart')
 * // [{ text: 'https://Shop.example.com', origin: 'https://shop.example.com' }, { text: '…/cart', problem: 'path', origin: undefined }]
 * ```
 */
export function checkOrigins(text: string): OriginLine[] {
  const lines = text.split(/[\s,，]+/).map((line) => line.trim()).filter((line) => line !== '')
  return lines.map((line) => {
    const lower = line.toLowerCase()
    if (ORIGIN.test(lower)) return { text: line, origin: lower }
    if (!/^https?:\/\//.test(lower)) {
      if (ORIGIN.test(`https://${lower}`)) return { text: line, problem: 'missingScheme' }
      return { text: line, problem: /^[a-z][a-z0-9+.-]*:\/\//.test(lower) ? 'scheme' : 'invalid' }
    }
    try {
      const url = new URL(line)
      if (url.origin !== 'null' && ORIGIN.test(url.origin) && url.username === '' && url.password === '') return { text: line, problem: 'path' }
    } catch {
      // not a URL at all
    }
    return { text: line, problem: 'invalid' }
  })
}

/** The origin a page address belongs to (`https://shop.example.com/cart` → `https://shop.example.com`). */
export function originOfAddress(address: string): string | undefined {
  try {
    const origin = new URL(address).origin
    return ORIGIN.test(origin) ? origin : undefined
  } catch {
    return undefined
  }
}

const HEX = /^#[0-9a-f]{6}$/i

/** Whether `color` is a colour the server takes (`#rrggbb`). */
export function isHexColor(color: string): boolean {
  return HEX.test(color)
}

function channel(value: number): number {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(color: string): number {
  const n = Number.parseInt(color.slice(1), 16)
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
}

/** WCAG contrast ratio of white text on `#rrggbb` (1 to 21). */
export function contrastWithWhite(color: string): number {
  return 1.05 / (luminance(color) + 0.05)
}

/** WCAG AA for normal text: the launcher's and the visitor's message text are white on the colour. */
export const MIN_CONTRAST = 4.5

/**
 * The same hue made darker, step by step, until white text on it reaches {@link MIN_CONTRAST};
 * the colour itself when it already does.
 */
export function darkerForWhite(color: string): string {
  let [r, g, b] = [0, 8, 16].map((shift) => (Number.parseInt(color.slice(1), 16) >> (16 - shift)) & 255) as [number, number, number]
  let current = color.toLowerCase()
  while (contrastWithWhite(current) < MIN_CONTRAST) {
    ;[r, g, b] = [r, g, b].map((value) => Math.floor(value * 0.95)) as [number, number, number]
    current = `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`
  }
  return current
}

/** Problems that keep the form from saving (keys under `console.widget.problem`). */
export type DraftProblem = 'origins' | 'tooManyOrigins' | 'color' | 'fields'

/** What keeps a draft from being saved (empty: it can be saved). */
export function draftProblems(draft: WidgetDraft): DraftProblem[] {
  const problems: DraftProblem[] = []
  const origins = checkOrigins(draft.originsText)
  if (origins.some((line) => line.problem)) problems.push('origins')
  if (origins.length > 100) problems.push('tooManyOrigins')
  if (!isHexColor(draft.color)) problems.push('color')
  if (draft.preChatEnabled && draft.preChatFields.length === 0) problems.push('fields')
  return problems
}

function texts(en: string, zh: string): { en?: string; 'zh-CN'?: string } {
  return { ...(en.trim() ? { en: en.trim() } : {}), ...(zh.trim() ? { 'zh-CN': zh.trim() } : {}) }
}

/** The `widget` of `PATCH /settings` for a draft (which replaces the saved widget as a whole). */
export function settingsOf(draft: WidgetDraft): WidgetSettings {
  const origins = [...new Set(checkOrigins(draft.originsText).flatMap((line) => (line.origin ? [line.origin] : [])))]
  return {
    allowedOrigins: origins,
    ...(draft.botId ? { botId: draft.botId } : {}),
    theme: { color: draft.color.toLowerCase(), position: draft.position, greeting: texts(draft.greetingEn, draft.greetingZh) },
    preChat: {
      enabled: draft.preChatEnabled,
      fields: PRE_CHAT_FIELDS.filter((field) => draft.preChatFields.includes(field)),
      consent: texts(draft.consentEn, draft.consentZh),
    },
    requireIdentity: draft.requireIdentity,
  }
}

/** The tag a site owner pastes before `</body>`; with identity required, the signed-in form. */
export function snippetOf(serverOrigin: string, appId: string, identified: boolean): string {
  const src = `${serverOrigin}/widget.js`
  if (!identified) return `<script src="${src}" data-app-id="${appId}" async></script>`
  return [
    `<script src="${src}" data-app-id="${appId}"`,
    `        data-user-id="USER_ID" data-user-hash="USER_HASH" data-user-name="NAME" data-user-email="EMAIL" async></script>`,
  ].join('\n')
}
