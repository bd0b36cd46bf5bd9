import type { FrameHandler } from '../handler-context.js'
import { identity, respond } from '../handler-context.js'

/** `push.register`: this user's device gets pushes while the user has no connected session. */
export const handlePushRegister: FrameHandler<'push.register'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const target = await context.push.service.registerTarget(appId, userId, frame.deviceId, frame.target)
  respond(context, frame.id, { deviceId: target.deviceId, provider: target.provider })
}

/** `push.unregister`: this user's device stops getting pushes (sign-out on that device). */
export const handlePushUnregister: FrameHandler<'push.unregister'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, { deviceId: frame.deviceId, removed: await context.push.service.unregisterTarget(appId, userId, frame.deviceId) })
}
