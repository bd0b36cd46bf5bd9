import { operation as op } from './operation.js'
import type { ServerCall } from './server-http.js'

/**
 * Users: create, list, read, update, ban; their tokens; their conversation list and message search.
 * Lists answer `{ items, next }`: pass `next` back as `after` for the next page.
 */
export function usersResource(call: ServerCall) {
  return {
    /** Creates a user (`id` optional: the server makes one). */
    create: op(call, 'createUser', 'POST', '/users'),
    /** A page of users by id (`{ limit, after }`). */
    list: op(call, 'listUsers', 'GET', '/users'),
    /** Reads a user. */
    get: op(call, 'getUser', 'GET', '/users/{userId}'),
    /** Changes a user's name, avatar or `ext`. */
    update: op(call, 'updateUser', 'PATCH', '/users/{userId}'),
    /** Bans or unbans a user (`{ banned }`); a ban closes their connections. */
    setBanned: op(call, 'setUserBanned', 'PUT', '/users/{userId}/ban'),
    /** Mints a token for a user, to hand to their client (`{ ttlSeconds }`). */
    createToken: op(call, 'createUserToken', 'POST', '/users/{userId}/tokens'),
    /** Revokes every token of a user minted before now; their connections are closed. */
    revokeTokens: op(call, 'revokeUserTokens', 'DELETE', '/users/{userId}/tokens'),
    /** A user's conversation list: pinned first, then by last activity (`next` → `beforeActivityAt`). */
    listConversations: op(call, 'listUserConversations', 'GET', '/users/{userId}/conversations'),
    /** The people directory: users by name or id (`{ q }`), or by `ids` (comma-separated); id, name, avatar and isBot only. */
    searchPeople: op(call, 'searchPeople', 'GET', '/people'),
    /** Full-text search over the messages a user can see (`{ q, conversationId?, senderId?, fromTs?, toTs?, limit? }`). */
    searchMessages: op(call, 'searchUserMessages', 'GET', '/users/{userId}/search'),
  }
}

/** Friends of a user, added and removed at once (no request). */
export function friendsResource(call: ServerCall) {
  return {
    /** A user's friends. */
    list: op(call, 'listUserFriends', 'GET', '/users/{userId}/friends'),
    /** Makes two users friends. */
    add: op(call, 'addFriend', 'PUT', '/users/{userId}/friends/{friendId}'),
    /** Ends a friendship. */
    remove: op(call, 'removeFriend', 'DELETE', '/users/{userId}/friends/{friendId}'),
  }
}

/** Blocks: a blocked user cannot message the user who blocked them. */
export function blocksResource(call: ServerCall) {
  return {
    /** The ids a user blocked. */
    list: op(call, 'listUserBlocks', 'GET', '/users/{userId}/blocks'),
    /** `userId` blocks `blockedId`. */
    add: op(call, 'blockUser', 'PUT', '/users/{userId}/blocks/{blockedId}'),
    /** Lifts a block. */
    remove: op(call, 'unblockUser', 'DELETE', '/users/{userId}/blocks/{blockedId}'),
  }
}

/** Groups: create, change, members and their roles and mutes, transfer, dissolve. */
export function groupsResource(call: ServerCall) {
  return {
    /** Creates a group; the owner is always a member. */
    create: op(call, 'createGroup', 'POST', '/groups'),
    /** Changes a group's name, `ext` or settings (`actorId`: who does it; the owner when not given). */
    update: op(call, 'updateGroup', 'PATCH', '/groups/{conversationId}'),
    /** Adds members (`{ userIds, actorId? }`). */
    addMembers: op(call, 'addGroupMembers', 'POST', '/groups/{conversationId}/members'),
    /** Removes a member (`{ actorId? }` as the query). */
    removeMember: op(call, 'removeGroupMember', 'DELETE', '/groups/{conversationId}/members/{userId}'),
    /** Makes a member an admin or a plain member. */
    setMemberRole: op(call, 'setGroupMemberRole', 'PUT', '/groups/{conversationId}/members/{userId}/role'),
    /** Mutes a member for `durationSeconds` (0 unmutes); `actorId`: who does it. */
    setMemberMute: op(call, 'setGroupMemberMute', 'PUT', '/groups/{conversationId}/members/{userId}/mute'),
    /** Gives the group to another member (`{ userId }`). */
    transfer: op(call, 'transferGroup', 'POST', '/groups/{conversationId}/transfer'),
    /** Dissolves the group: history stays readable, nobody can send. */
    dissolve: op(call, 'dissolveGroup', 'POST', '/groups/{conversationId}/dissolve'),
  }
}

/** Conversations: read one, its members, its history (retention: `api.compliance`). */
export function conversationsResource(call: ServerCall) {
  return {
    /** Reads a conversation. */
    get: op(call, 'getConversation', 'GET', '/conversations/{conversationId}'),
    /** A page of members by user id (`next` → `after`). */
    listMembers: op(call, 'listConversationMembers', 'GET', '/conversations/{conversationId}/members'),
    /**
     * A page of history: with no cursor the newest page; `next` continues in the page's direction
     * (pass it as `beforeSeq` for older pages, or as `afterSeq` when you paged with `afterSeq`).
     */
    listMessages: op(call, 'listConversationMessages', 'GET', '/conversations/{conversationId}/messages'),
  }
}

/** Messages: send as any user, edit, recall, react. */
export function messagesResource(call: ServerCall) {
  return {
    /**
     * Sends a message as `from`, to a conversation or (direct) to a user; idempotent with
     * `clientMsgId`. Rate-limited per app and sender: a 429 is thrown as `rate_limited` with
     * `details.retryAfterMs` (or retried, with the `rateLimitRetries` option).
     */
    send: op(call, 'sendMessage', 'POST', '/messages'),
    /** Edits a message (`{ as, body }`: `as` must be its sender). */
    edit: op(call, 'editMessage', 'POST', '/conversations/{conversationId}/messages/{seq}/edit'),
    /** Recalls a message (`{ as }`: its sender, or a group admin). */
    recall: op(call, 'recallMessage', 'POST', '/conversations/{conversationId}/messages/{seq}/recall'),
    /** Adds a reaction (`{ as, emoji }`), or removes it (`remove: true`). */
    react: op(call, 'reactToMessage', 'POST', '/conversations/{conversationId}/messages/{seq}/reactions'),
  }
}
