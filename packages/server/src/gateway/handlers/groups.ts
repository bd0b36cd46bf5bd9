import { identity, respond, type FrameHandler } from '../handler-context.js'

/** `group.create`: a group the user owns. */
export const handleGroupCreate: FrameHandler<'group.create'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const group = await context.groups.create(appId, userId, { name: frame.name, memberIds: frame.memberIds, ...(frame.settings ? { settings: frame.settings } : {}) })
  respond(context, frame.id, await context.conversations.view(group))
}

/** `group.update`: name and settings (owner and admins). */
export const handleGroupUpdate: FrameHandler<'group.update'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const group = await context.groups.update(appId, frame.conversationId, userId, { ...(frame.name ? { name: frame.name } : {}), ...(frame.settings ? { settings: frame.settings } : {}) })
  respond(context, frame.id, await context.conversations.view(group))
}

/** `group.invite`. */
export const handleGroupInvite: FrameHandler<'group.invite'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, { added: await context.groups.invite(appId, frame.conversationId, userId, frame.userIds) })
}

/** `group.remove`. */
export const handleGroupRemove: FrameHandler<'group.remove'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, { removed: await context.groups.remove(appId, frame.conversationId, userId, frame.userIds) })
}

/** `group.leave`. */
export const handleGroupLeave: FrameHandler<'group.leave'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.groups.leave(appId, frame.conversationId, userId)
  respond(context, frame.id, { conversationId: frame.conversationId })
}

/** `group.transfer`. */
export const handleGroupTransfer: FrameHandler<'group.transfer'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.conversations.view(await context.groups.transfer(appId, frame.conversationId, userId, frame.userId)))
}

/** `group.dissolve`. */
export const handleGroupDissolve: FrameHandler<'group.dissolve'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.conversations.view(await context.groups.dissolve(appId, frame.conversationId, userId)))
}

/** `group.set-role`. */
export const handleGroupSetRole: FrameHandler<'group.set-role'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const member = await context.groups.setRole(appId, frame.conversationId, userId, frame.userId, frame.role)
  respond(context, frame.id, { userId: member.userId, role: member.role, joinedAt: member.joinedAt })
}

/** `group.mute-member`. */
export const handleGroupMuteMember: FrameHandler<'group.mute-member'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const mutedUntil = await context.groups.muteMember(appId, frame.conversationId, userId, frame.userId, frame.durationSeconds)
  respond(context, frame.id, { userId: frame.userId, mutedUntil })
}

/** `group.members`. */
export const handleGroupMembers: FrameHandler<'group.members'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.groups.members(appId, frame.conversationId, userId, { ...(frame.after ? { after: frame.after } : {}), ...(frame.limit ? { limit: frame.limit } : {}) }))
}

/** `group.join`. */
export const handleGroupJoin: FrameHandler<'group.join'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  respond(context, frame.id, await context.groups.join(appId, frame.conversationId, userId, frame.message))
}

/** `group.join-requests`. */
export const handleGroupJoinRequests: FrameHandler<'group.join-requests'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const requests = await context.groups.joinRequests(appId, frame.conversationId, userId)
  respond(context, frame.id, { requests: requests.map(({ id, conversationId, userId: requester, message, status, createdAt }) => ({ id, conversationId, userId: requester, message, status, createdAt })) })
}

/** `group.decide-join`. */
export const handleGroupDecideJoin: FrameHandler<'group.decide-join'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const { id, conversationId, userId: requester, message, status, createdAt } = await context.groups.decideJoin(appId, frame.conversationId, userId, frame.requestId, frame.accept)
  respond(context, frame.id, { id, conversationId, userId: requester, message, status, createdAt })
}
