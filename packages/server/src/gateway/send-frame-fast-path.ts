import { DEFAULT_LIMITS, isWellFormedText, type ClientFrame } from '@warbler/protocol'

/** A `message.send` frame as the schema's parse returns it. */
type SendFrameValue = Extract<ClientFrame, { type: 'message.send' }>

const CLIENT_MSG_ID = /^[A-Za-z0-9_.:-]+$/
const RESOURCE_ID = /^[A-Za-z0-9_-]+$/
const FRAME_KEYS = new Set(['type', 'id', 'clientMsgId', 'conversationId', 'body', 'replyToSeq'])
const TEXT_BODY_KEYS = new Set(['type', 'text', 'mentions'])
const MAX_MENTIONS = 100

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max && isWellFormedText(value)
const onlyKeys = (value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean => {
  for (const key in value) if (!allowed.has(key)) return false
  return true
}

/**
 * The hot frame without the schema: a `message.send` of a text body (with optional mentions, request
 * id and reply), checked by hand against exactly the rules of `SendFrame` and of the JSON shape
 * check (lengths, id alphabets, well-formed text, a non-negative safe integer seq). It answers the
 * frame as the schema would parse it, or `undefined` for anything else — another body type, `ext`,
 * an unknown key, any value the rules refuse — so that the schema decides, and words its error, as
 * before. Equivalence with the schema is tested on valid and invalid frames
 * (`send-frame-fast-path.test.ts`).
 *
 * @example
 * ```ts
 * const frame = fastSendFrame(JSON.parse(text)) ?? ClientFrame.parse(JSON.parse(text))
 * ```
 */
export function fastSendFrame(value: Record<string, unknown>): SendFrameValue | undefined {
  if (value.type !== 'message.send' || !onlyKeys(value, FRAME_KEYS)) return undefined
  const { id, clientMsgId, conversationId, body, replyToSeq } = value
  if (id !== undefined && !isText(id, 1, 64)) return undefined
  if (!isText(clientMsgId, 1, 64) || !CLIENT_MSG_ID.test(clientMsgId)) return undefined
  if (!isText(conversationId, 1, 64) || !RESOURCE_ID.test(conversationId)) return undefined
  if (replyToSeq !== undefined && (typeof replyToSeq !== 'number' || !Number.isSafeInteger(replyToSeq) || replyToSeq < 0)) return undefined
  if (!isPlainObject(body) || body.type !== 'text' || !onlyKeys(body, TEXT_BODY_KEYS)) return undefined
  const { text, mentions } = body
  if (!isText(text, 1, DEFAULT_LIMITS.maxTextLength)) return undefined
  if (mentions !== undefined) {
    if (!Array.isArray(mentions) || mentions.length > MAX_MENTIONS) return undefined
    for (const mention of mentions) if (!isText(mention, 1, 128)) return undefined
  }
  // Only the schema's keys are present, each valid: the parsed object is the frame as the schema would
  // answer it (JSON.parse made it, nothing else holds it), so it is returned as it is, not copied.
  return value as SendFrameValue
}
