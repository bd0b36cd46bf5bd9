import { identity, respond, type FrameHandler } from '../handler-context.js'

/** `friend.request`. */
export const handleFriendRequest: FrameHandler<'friend.request'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.social.request(appId, userId, frame.userId, frame.message))
}

/** `friend.respond`. */
export const handleFriendRespond: FrameHandler<'friend.respond'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.social.respond(appId, userId, frame.requestId, frame.accept))
}

/** `friend.list`. */
export const handleFriendList: FrameHandler<'friend.list'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, { friends: await context.social.friends(appId, userId) })
}

/** `friend.requests`. */
export const handleFriendRequests: FrameHandler<'friend.requests'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.social.requests(appId, userId))
}

/** `friend.remove`. */
export const handleFriendRemove: FrameHandler<'friend.remove'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.social.remove(appId, userId, frame.userId)
  respond(context, frame.id, { userId: frame.userId })
}

/** `friend.remark`. */
export const handleFriendRemark: FrameHandler<'friend.remark'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.social.remark(appId, userId, frame.userId, frame.remark))
}

/** `block.add`. */
export const handleBlockAdd: FrameHandler<'block.add'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.social.block(appId, userId, frame.userId)
  respond(context, frame.id, { userId: frame.userId })
}

/** `block.remove`. */
export const handleBlockRemove: FrameHandler<'block.remove'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.social.unblock(appId, userId, frame.userId)
  respond(context, frame.id, { userId: frame.userId })
}

/** `block.list`. */
export const handleBlockList: FrameHandler<'block.list'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, { userIds: await context.social.blocked(appId, userId) })
}
