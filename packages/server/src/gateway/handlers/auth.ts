import { CLOSE_CODES, DEFAULT_LIMITS, WarblerError } from '@warbler/protocol'
import type { FrameHandler } from '../handler-context.js'

/** Close codes other than `authFailed` (4001), as docs/protocol.md lists them: 4003 means stop. */
const CLOSE_BY_CODE: Partial<Record<string, number>> = {
  token_revoked: CLOSE_CODES.tokenRevoked,
  user_banned: CLOSE_CODES.tokenRevoked,
  too_many_connections: CLOSE_CODES.tooManyConnections,
  rate_limited: CLOSE_CODES.tooManyConnections,
}

/** `auth`: verifies the user token, registers the session and answers `welcome`. */
export const handleAuth: FrameHandler<'auth'> = async (context, frame) => {
  const { session } = context
  if (session.authenticated) throw new WarblerError('already_authenticated')
  let identity
  try {
    // A source that sent too many forged tokens is refused before its token is looked at.
    await context.authThrottle.check(session.remoteAddress)
    identity = await context.tokens.verify(frame.token).catch(async (error: unknown) => {
      await context.authThrottle.failed(session.remoteAddress, error)
      throw error
    })
  } catch (error) {
    const refusal = WarblerError.isInstance(error) ? error : new WarblerError('invalid_credentials')
    session.fail(refusal.code, refusal.message, { ...(frame.id ? { id: frame.id } : {}), close: CLOSE_BY_CODE[refusal.code] ?? CLOSE_CODES.authFailed })
    return
  }
  if (session.socket.readyState !== session.socket.OPEN) return
  if (context.registry.sessionsOf(identity.appId, identity.userId).size >= context.limits.connectionsPerUser) {
    session.fail('too_many_connections', `At most ${context.limits.connectionsPerUser} connections per user.`, {
      ...(frame.id ? { id: frame.id } : {}),
      close: CLOSE_CODES.tooManyConnections,
    })
    return
  }
  session.appId = identity.appId
  session.userId = identity.userId
  if (frame.deviceId) session.deviceId = frame.deviceId
  session.authenticated = true
  context.registry.add(session)
  context.metrics.connections.inc()
  context.presence.connected(session).catch((error: unknown) => context.logger.warn({ err: error }, 'presence update failed'))
  session.sendFrame({
    type: 'welcome',
    ...(frame.id ? { id: frame.id } : {}),
    appId: identity.appId,
    userId: identity.userId,
    sessionId: session.id,
    serverTime: Date.now(),
    heartbeatSeconds: context.limits.heartbeatSeconds ?? DEFAULT_LIMITS.heartbeatSeconds,
    limits: { maxFrameBytes: context.limits.maxFrameBytes, maxTextLength: context.limits.maxTextLength, sendsPerSecond: context.limits.sendsPerSecond },
  })
}
