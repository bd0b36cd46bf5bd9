import type { MessageBody } from '@warbler/protocol'

type T = (key: string, options?: Record<string, unknown>) => string

/** The text of a message body as the inbox shows it: text as is, other kinds as a short label. */
export function bodyText(body: MessageBody | undefined, t: T): string {
  switch (body?.type) {
    case 'text':
      return body.text
    case 'image':
      return t('console.support.media.image')
    case 'file':
      return t('console.support.media.file', { name: body.name })
    default:
      return t('console.support.media.other')
  }
}

/** The next 9:00 local time after `now` on the following day (the "until tomorrow" snooze). */
export function tomorrowAtNine(now: number): number {
  const date = new Date(now)
  date.setDate(date.getDate() + 1)
  date.setHours(9, 0, 0, 0)
  return date.getTime()
}

/** The snooze choices, as times from now. */
export function snoozeChoices(now: number): { key: 'hour' | 'fourHours' | 'tomorrow'; until: number }[] {
  return [
    { key: 'hour', until: now + 3600_000 },
    { key: 'fourHours', until: now + 4 * 3600_000 },
    { key: 'tomorrow', until: tomorrowAtNine(now) },
  ]
}
