import { DEFAULT_LIMITS, WarblerError, type MessageBody } from '@warbler/protocol'

const CLIENT_MSG_ID = /^[A-Za-z0-9_.:-]{1,64}$/
const BODY_TYPES: ReadonlySet<string> = new Set(['text', 'image', 'file', 'audio', 'video', 'location', 'custom'])

/**
 * Quick checks of a send before it is queued, so an obviously bad message fails at once instead
 * of waiting in the outbox. The server validates fully; this avoids bundling the zod schemas
 * into browser apps.
 */
export function checkSend(body: MessageBody, clientMsgId: string, maxTextLength: number = DEFAULT_LIMITS.maxTextLength): void {
  if (!CLIENT_MSG_ID.test(clientMsgId)) {
    throw new WarblerError('validation_failed', 'clientMsgId: 1 to 64 letters, digits, or _ . : -')
  }
  if (typeof body !== 'object' || body === null || !BODY_TYPES.has((body as { type?: unknown }).type as string)) {
    throw new WarblerError('validation_failed', `Message body type must be one of ${[...BODY_TYPES].join(', ')}.`)
  }
  if (body.type === 'text') {
    if (typeof body.text !== 'string' || body.text.length === 0) throw new WarblerError('validation_failed', 'Text is empty.')
    if (body.text.length > maxTextLength) throw new WarblerError('text_too_long', `Text is longer than ${maxTextLength} characters.`)
  }
}
