import { CLIENT_FRAME_TYPES, ClientFrame, WarblerError, assertJsonShape, errorCodeForIssue } from '@warbler/protocol'
import { fastSendFrame } from './send-frame-fast-path.js'

/** What the decoder could read of a frame, even when it is refused (to echo ids in the error). */
export interface DecodedFrame {
  frame: ClientFrame
}

/** Ids a refused frame carried, so the error can name the request. */
export interface FrameIds {
  id?: string
  clientMsgId?: string
}

function idsOf(value: Record<string, unknown>): FrameIds {
  const ids: FrameIds = {}
  if (typeof value.id === 'string' && value.id.length <= 64) ids.id = value.id
  if (typeof value.clientMsgId === 'string' && value.clientMsgId.length <= 64) ids.clientMsgId = value.clientMsgId
  return ids
}

/**
 * Parses and validates one text frame (a plain text `message.send`, the hot frame, by a hand-written
 * check with the same rules; everything else by the schema). Throws a WarblerError (`malformed_frame`, `unknown_frame_type`,
 * `validation_failed`, `text_too_long`) with the frame's ids attached as details.
 */
export function decodeFrame(text: string): ClientFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new WarblerError('malformed_frame', 'The frame is not valid JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WarblerError('malformed_frame', 'The frame must be a JSON object.')
  }
  const record = value as Record<string, unknown>
  const fast = fastSendFrame(record)
  if (fast) return fast
  const ids = idsOf(record)
  if (typeof record.type !== 'string' || !CLIENT_FRAME_TYPES.has(record.type)) {
    throw new WarblerError('unknown_frame_type', `Unknown frame type: ${String(record.type).slice(0, 64)}`, { details: ids })
  }
  try {
    assertJsonShape(value)
  } catch (error) {
    throw new WarblerError('validation_failed', (error as Error).message, { details: ids })
  }
  const parsed = ClientFrame.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path.join('.') ?? ''
    throw new WarblerError(errorCodeForIssue(issue), `${path || 'frame'}: ${issue?.message ?? 'invalid'}`, { details: ids })
  }
  return parsed.data
}

/** The ids attached to a decoding error, if any. */
export function frameIdsOf(error: WarblerError): FrameIds {
  return (error.details as FrameIds | undefined) ?? {}
}
