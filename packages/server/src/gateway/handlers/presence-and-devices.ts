import { WarblerError } from '@warbler/protocol'
import { identity, respond, type FrameHandler, type HandlerContext } from '../handler-context.js'

/** Refuses users whose presence the viewer may not see (only friends and direct-conversation peers). */
async function requireObservable(context: HandlerContext, appId: string, viewerId: string, userIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(userIds)]
  const allowed = await Promise.all(unique.map((userId) => context.social.mayObserve(appId, viewerId, userId)))
  const refused = unique.filter((_, index) => !allowed[index])
  if (refused.length > 0) throw new WarblerError('forbidden', `Presence is shared with friends and conversation peers only: ${refused.slice(0, 5).join(', ')}`)
  return unique
}

/** `presence.query`. */
export const handlePresenceQuery: FrameHandler<'presence.query'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const userIds = await requireObservable(context, appId, userId, frame.userIds)
  respond(context, frame.id, { presence: await context.presence.query(appId, userIds) })
}

/** `presence.subscribe`: replaces the session's subscriptions. */
export const handlePresenceSubscribe: FrameHandler<'presence.subscribe'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const userIds = await requireObservable(context, appId, userId, frame.userIds)
  context.presence.watch(context.session, userIds)
  respond(context, frame.id, { userIds })
}

/** `device.list`: the user's sessions on every node. */
export const handleDeviceList: FrameHandler<'device.list'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const local = new Map([...context.registry.sessionsOf(appId, userId)].map((session) => [session.id, session]))
  const sessions = await context.presence.sessions(appId, userId)
  const devices = sessions.map((entry) => {
    const session = local.get(entry.sessionId)
    return {
      sessionId: entry.sessionId,
      deviceId: session?.deviceId ?? null,
      connectedAt: session?.connectedAt ?? 0,
      remoteAddress: session?.remoteAddress ?? '',
      current: entry.sessionId === context.session.id,
    }
  })
  respond(context, frame.id, { devices })
}

/** `device.kick`: closes another session of the same user, on whichever node holds it. */
export const handleDeviceKick: FrameHandler<'device.kick'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const sessions = await context.presence.sessions(appId, userId)
  if (!sessions.some((entry) => entry.sessionId === frame.sessionId)) throw new WarblerError('not_found', 'No such device of yours.')
  await context.control.send({ type: 'kick-session', appId, userId, sessionId: frame.sessionId })
  respond(context, frame.id, { sessionId: frame.sessionId })
}
