import type { MessageBody, PushSettings, PushTemplate } from '@warbler/protocol'

/** What a push shows and carries, the same for every provider. */
export interface PushNotification {
  title: string
  body: string
  /** The body when the push stands for a burst; `{count}` is filled in when sent. */
  burstBody: string
  /** The user's unread messages when the push was planned. */
  badge: number
  /** Opens the conversation at the message. */
  data: { conversationId: string; seq: string; senderId: string }
  /** Pushes with the same key replace each other on the device (one per conversation). */
  collapseKey: string
  ttlSeconds: number
}

/** The languages push texts come in. */
export type PushLocale = 'en' | 'zh'

const BUILT_IN: Record<PushLocale, { template: PushTemplate; hidden: string; burst: string; image: string; file: string; other: string; mentioned: string }> = {
  en: { template: { title: '{conversation}', body: '{sender}: {text}' }, hidden: 'New message', burst: '{count} new messages', image: '[Image]', file: '[File]', other: '[Message]', mentioned: '[Mentioned you]' },
  zh: { template: { title: '{conversation}', body: '{sender}：{text}' }, hidden: '新消息', burst: '{count} 条新消息', image: '[图片]', file: '[文件]', other: '[消息]', mentioned: '[有人@你]' },
}

/** The user's language from their profile (`ext.locale`, e.g. `zh-CN`), English otherwise. */
export function userLocale(ext: Record<string, unknown> | undefined): PushLocale {
  const locale = ext?.locale
  return typeof locale === 'string' && locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'
}

/** A short, single-line text of a message for a notification. */
export function previewText(body: MessageBody | undefined, locale: PushLocale): string {
  const words = BUILT_IN[locale]
  if (!body) return words.other
  switch (body.type) {
    case 'text':
      return oneLine(body.text, 180)
    case 'image':
      return words.image
    case 'file':
      return `${words.file} ${oneLine(body.name ?? '', 80)}`.trim()
    default:
      return words.other
  }
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(sender|conversation|text|count)\}/g, (whole, name: string) => values[name] ?? whole)

/**
 * Renders a push from the app's templates in the user's language. With `preview: false` the
 * message text never leaves the server: the push says only "New message" (新消息).
 */
export function renderNotification(input: {
  settings: PushSettings
  locale: PushLocale
  senderName: string
  conversationName: string
  conversationId: string
  seq: number
  senderId: string
  body: MessageBody | undefined
  mentioned: boolean
  badge: number
}): PushNotification {
  const words = BUILT_IN[input.locale]
  const template = input.settings.templates[input.locale] ?? BUILT_IN[input.locale].template
  const text = input.settings.preview ? `${input.mentioned ? `${words.mentioned} ` : ''}${previewText(input.body, input.locale)}` : words.hidden
  const values = { sender: input.senderName, conversation: input.conversationName, text }
  return {
    title: oneLine(fill(template.title, values), 120),
    body: input.settings.preview ? oneLine(fill(template.body, values), 240) : words.hidden,
    burstBody: words.burst,
    badge: input.badge,
    data: { conversationId: input.conversationId, seq: String(input.seq), senderId: input.senderId },
    collapseKey: input.conversationId,
    ttlSeconds: input.settings.ttlSeconds,
  }
}

/** The text a push shows for `count` messages collapsed into it. */
export function bodyFor(notification: PushNotification, count: number): string {
  return count > 1 ? notification.burstBody.replace('{count}', String(count)) : notification.body
}
