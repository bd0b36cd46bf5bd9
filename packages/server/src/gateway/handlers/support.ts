import { WarblerError } from '@warbler/protocol'
import { listSupportConversations } from '../../support/support-list.js'
import { identity, respond, type FrameHandler, type HandlerContext } from '../handler-context.js'

/**
 * Customer service over the user's own connection (docs/support.md "Over the WebSocket"). The
 * checks are those of the REST routes, with the caller fixed to the token's user: agent actions
 * need the caller to be one of the app's agents; a rating needs the caller to be the conversation's
 * customer. Everything goes through the one {@link SupportService}/{@link SupportRecords}.
 */

/** The caller, refused with `forbidden` unless they are one of the app's agents. */
async function requireAgent(context: HandlerContext): Promise<{ appId: string; userId: string }> {
  const caller = identity(context)
  if (!(await context.support.service.isAgent(caller.appId, caller.userId))) {
    throw new WarblerError('forbidden', 'Only agents of this app can work support conversations.')
  }
  return caller
}

/** `support.list`: the queue, the caller's own (`mine`), or any filter of the REST list. */
export const handleSupportList: FrameHandler<'support.list'> = async (context, frame) => {
  const { appId, userId } = await requireAgent(context)
  const assigneeId = frame.mine ? userId : frame.assigneeId
  const list = await listSupportConversations(context.storage, appId, {
    limit: frame.limit ?? 50,
    ...(frame.status ? { status: frame.status } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    ...(frame.team ? { team: frame.team } : {}),
    ...(frame.after ? { after: frame.after } : {}),
  })
  respond(context, frame.id, list)
}

/** `support.get`: one conversation's support state. */
export const handleSupportGet: FrameHandler<'support.get'> = async (context, frame) => {
  const { appId } = await requireAgent(context)
  respond(context, frame.id, await context.support.service.state(appId, frame.conversationId))
}

/** `support.update`: take (assign to yourself), assign, transfer, snooze, resolve, requeue, back to the bot. */
export const handleSupportUpdate: FrameHandler<'support.update'> = async (context, frame) => {
  const { appId } = await requireAgent(context)
  const { type: _type, id: _id, conversationId, ...patch } = frame
  respond(context, frame.id, await context.support.service.patch(appId, conversationId, patch))
}

/** `support.note`: a private note written by the caller. */
export const handleSupportNote: FrameHandler<'support.note'> = async (context, frame) => {
  const { appId, userId } = await requireAgent(context)
  respond(context, frame.id, await context.support.records.addNote(appId, frame.conversationId, { authorId: userId, text: frame.text }))
}

/** `support.notes`: the private notes of a conversation. */
export const handleSupportNotes: FrameHandler<'support.notes'> = async (context, frame) => {
  const { appId } = await requireAgent(context)
  respond(context, frame.id, { notes: await context.support.records.notes(appId, frame.conversationId) })
}

/** `support.agents`: the app's agents (who to transfer to). */
export const handleSupportAgents: FrameHandler<'support.agents'> = async (context, frame) => {
  const { appId } = await requireAgent(context)
  respond(context, frame.id, { agents: await context.support.service.listAgents(appId) })
}

/** `support.availability`: the caller's own availability (never another agent's). */
export const handleSupportAvailability: FrameHandler<'support.availability'> = async (context, frame) => {
  const { appId, userId } = await requireAgent(context)
  respond(context, frame.id, await context.support.service.putAgent(appId, userId, { availability: frame.availability }))
}

/**
 * `support.rate`: the customer rates the resolution of their conversation (once per resolution).
 * A conversation the caller is not a member of answers `conversation_not_found`, so ids cannot be probed.
 */
export const handleSupportRate: FrameHandler<'support.rate'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  if (!(await context.storage.conversations.getMember(appId, frame.conversationId, userId))) throw new WarblerError('conversation_not_found')
  const rating = await context.support.records.rate(appId, frame.conversationId, {
    userId, rating: frame.rating, ...(frame.comment === undefined ? {} : { comment: frame.comment }),
  })
  respond(context, frame.id, rating)
}
