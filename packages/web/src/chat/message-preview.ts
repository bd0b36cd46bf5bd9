import type { Message, MessageBody } from '@warbler/sdk'
import { noticeText } from './notice-text.js'
import { stripMarkdown } from './strip-markdown.js'

type T = (key: string, options?: Record<string, unknown>) => string

/** A one-line preview of a message body. */
export function previewOfBody(body: MessageBody | undefined, t: T): string {
  switch (body?.type) {
    case 'text':
      return stripMarkdown(body.text).slice(0, 80)
    case 'image':
      return t('chat.preview.image')
    case 'file':
      return `${t('chat.preview.file')} ${body.name}`
    default:
      return t('chat.preview.other')
  }
}

/**
 * A one-line preview of a message as it is now: member notices as their sentence, "recalled" only
 * for recalled messages, "deleted" for messages the user deleted for themselves.
 */
export function previewOfMessage(message: Message, t: T, nameOf: (id: string) => string): string {
  if (message.kind !== 'message') return noticeText(message, t, nameOf)
  if (message.recalledAt) return t('chat.message.recalled')
  if (message.hidden) return t('chat.message.deleted')
  return previewOfBody(message.body, t)
}
