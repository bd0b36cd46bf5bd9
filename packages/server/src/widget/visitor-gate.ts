import { WarblerError, type ClientFrame } from '@warbler/protocol'
import type { AppService } from '../domain/app-service.js'
import { isVisitorId } from './visitor-ids.js'

/**
 * Frames a widget visitor may send. Anything else (groups, friends, blocks, presence of other users,
 * forwarding, and any frame type added later) is refused: a visitor only talks to the app's support
 * bot and, after a hand-off, to its agents in that same conversation.
 */
const VISITOR_FRAMES: ReadonlySet<ClientFrame['type']> = new Set<ClientFrame['type']>([
  'auth',
  'ping',
  'message.send',
  'conversation.open-direct',
  'conversation.get',
  'conversation.list',
  'conversation.settings',
  'sync',
  'history',
  'read',
  'delivered',
  'typing',
  'message.edit',
  'message.recall',
  'message.react',
  'message.delete',
  'message.search',
  'message.receipts',
  'bot.cancel',
  'device.list',
  'device.kick',
  // Browser notifications the visitor opted in to (the widget's "Notify me of replies"): only their own devices.
  'push.register',
  'push.unregister',
  // The customer's rating of a resolved conversation; none of the agents' support frames.
  'support.rate',
])

/**
 * Refuses, with `forbidden`, a frame a widget visitor may not send: a frame type outside
 * {@link VISITOR_FRAMES}, or a direct conversation with anyone but the app's widget bot. Other
 * users pass untouched. Membership checks stay where they are (a visitor is only a member of the
 * conversations the widget opened for it, or ones the app itself added it to).
 */
export async function checkVisitorFrame(apps: Pick<AppService, 'settings'>, appId: string | undefined, userId: string | undefined, frame: ClientFrame): Promise<void> {
  if (!appId || !userId || !isVisitorId(userId)) return
  if (!VISITOR_FRAMES.has(frame.type)) throw new WarblerError('forbidden', 'Website visitors can only talk to the support bot and its agents.')
  if (frame.type === 'conversation.open-direct') {
    const botId = (await apps.settings(appId)).widget?.botId
    if (!botId || frame.peerId !== botId) throw new WarblerError('forbidden', 'Website visitors can only open a conversation with the support bot.')
  }
}
