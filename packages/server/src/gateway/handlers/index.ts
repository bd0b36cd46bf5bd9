import type { ClientFrame } from '@warbler/protocol'
import type { FrameHandler } from '../handler-context.js'
import { handleAuth } from './auth.js'
import { handleBotCancel } from './bot-cancel.js'
import { handleConversationSettings, handleListConversations } from './conversation-list.js'
import { handleGetConversation } from './conversation-get.js'
import { handleOpenDirect } from './conversation-open-direct.js'
import {
  handleGroupCreate,
  handleGroupDecideJoin,
  handleGroupDissolve,
  handleGroupInvite,
  handleGroupJoin,
  handleGroupJoinRequests,
  handleGroupLeave,
  handleGroupMembers,
  handleGroupMuteMember,
  handleGroupRemove,
  handleGroupSetRole,
  handleGroupTransfer,
  handleGroupUpdate,
} from './groups.js'
import { handleHistory } from './history.js'
import { handleDeleteForMe, handleEdit, handleForward, handleReact, handleRecall } from './message-actions.js'
import { handleSearch } from './message-search.js'
import { handleMessageSend } from './message-send.js'
import { handlePing } from './ping.js'
import { handlePushRegister, handlePushUnregister } from './push.js'
import { handleDeviceKick, handleDeviceList, handlePresenceQuery, handlePresenceSubscribe } from './presence-and-devices.js'
import { handleDelivered, handleRead, handleReceipts } from './receipts.js'
import {
  handleBlockAdd,
  handleBlockList,
  handleBlockRemove,
  handleFriendList,
  handleFriendRemark,
  handleFriendRemove,
  handleFriendRequest,
  handleFriendRequests,
  handleFriendRespond,
} from './social.js'
import {
  handleSupportAgents,
  handleSupportAvailability,
  handleSupportGet,
  handleSupportList,
  handleSupportNote,
  handleSupportNotes,
  handleSupportRate,
  handleSupportUpdate,
} from './support.js'
import { handleSync } from './sync.js'
import { handleTyping } from './typing.js'

/** One handler per client frame type (grouped by area into files). */
export const FRAME_HANDLERS: { [T in ClientFrame['type']]: FrameHandler<T> } = {
  auth: handleAuth,
  ping: handlePing,
  'message.send': handleMessageSend,
  'conversation.open-direct': handleOpenDirect,
  'conversation.get': handleGetConversation,
  sync: handleSync,
  history: handleHistory,
  read: handleRead,
  'message.edit': handleEdit,
  'message.recall': handleRecall,
  'message.react': handleReact,
  'message.delete': handleDeleteForMe,
  'message.forward': handleForward,
  'message.search': handleSearch,
  'message.receipts': handleReceipts,
  delivered: handleDelivered,
  typing: handleTyping,
  'conversation.list': handleListConversations,
  'conversation.settings': handleConversationSettings,
  'group.create': handleGroupCreate,
  'group.update': handleGroupUpdate,
  'group.invite': handleGroupInvite,
  'group.remove': handleGroupRemove,
  'group.leave': handleGroupLeave,
  'group.transfer': handleGroupTransfer,
  'group.dissolve': handleGroupDissolve,
  'group.set-role': handleGroupSetRole,
  'group.mute-member': handleGroupMuteMember,
  'group.members': handleGroupMembers,
  'group.join': handleGroupJoin,
  'group.join-requests': handleGroupJoinRequests,
  'group.decide-join': handleGroupDecideJoin,
  'friend.request': handleFriendRequest,
  'friend.respond': handleFriendRespond,
  'friend.list': handleFriendList,
  'friend.requests': handleFriendRequests,
  'friend.remove': handleFriendRemove,
  'friend.remark': handleFriendRemark,
  'block.add': handleBlockAdd,
  'block.remove': handleBlockRemove,
  'block.list': handleBlockList,
  'presence.query': handlePresenceQuery,
  'presence.subscribe': handlePresenceSubscribe,
  'device.list': handleDeviceList,
  'device.kick': handleDeviceKick,
  'bot.cancel': handleBotCancel,
  'push.register': handlePushRegister,
  'push.unregister': handlePushUnregister,
  'support.list': handleSupportList,
  'support.get': handleSupportGet,
  'support.update': handleSupportUpdate,
  'support.note': handleSupportNote,
  'support.notes': handleSupportNotes,
  'support.agents': handleSupportAgents,
  'support.availability': handleSupportAvailability,
  'support.rate': handleSupportRate,
}
