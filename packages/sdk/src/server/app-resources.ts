import { operation as op, uploadOperation } from './operation.js'
import type { ServerCall } from './server-http.js'

/** The app itself: its secret, settings and the identity secret of the widget. */
export function appResource(call: ServerCall) {
  return {
    /** Makes a new app secret; the old one stops working at once. Keep the answer: it is shown once. */
    rotateSecret: op(call, 'rotateAppSecret', 'POST', '/secret'),
    /** The app's settings (direct messages, edit/recall windows, group size, keyword filter, retention, widget, push). */
    getSettings: op(call, 'getAppSettings', 'GET', '/settings'),
    /** Changes some of the app's settings. */
    updateSettings: op(call, 'updateAppSettings', 'PATCH', '/settings'),
    /** Makes the secret that signs widget visitors' identities (shown once). */
    createIdentitySecret: op(call, 'createAppIdentitySecret', 'POST', '/identity-secret'),
    /**
     * Deletes the app for good (`{ confirm: appId }`): its data key is destroyed and its rows purged.
     * Only the operator key may do it: build this client with the operator key as `secret`.
     */
    delete: op(call, 'deleteApp', 'DELETE', ''),
  }
}

/** Webhooks: endpoints, their secrets, the delivery log and replays. */
export function webhooksResource(call: ServerCall) {
  return {
    /** Adds a webhook; the answer holds its signing secret (shown once). */
    create: op(call, 'createWebhook', 'POST', '/webhooks'),
    /** The app's webhooks. */
    list: op(call, 'listWebhooks', 'GET', '/webhooks'),
    /** Reads a webhook. */
    get: op(call, 'getWebhook', 'GET', '/webhooks/{webhookId}'),
    /** Changes a webhook's URL, events or whether it is enabled. */
    update: op(call, 'updateWebhook', 'PATCH', '/webhooks/{webhookId}'),
    /** Deletes a webhook. */
    delete: op(call, 'deleteWebhook', 'DELETE', '/webhooks/{webhookId}'),
    /** Makes a new signing secret (shown once). */
    rotateSecret: op(call, 'rotateWebhookSecret', 'POST', '/webhooks/{webhookId}/secret'),
    /** The delivery log, newest first (`{ status?, limit, after }`; `next` → `after`). */
    listDeliveries: op(call, 'listWebhookDeliveries', 'GET', '/webhooks/{webhookId}/deliveries'),
    /** Sends a delivery again. */
    replayDelivery: op(call, 'replayWebhookDelivery', 'POST', '/webhooks/{webhookId}/deliveries/{deliveryId}/replay'),
  }
}

/** The before-send hook: your endpoint may allow, change or refuse each message before it is stored. */
export function beforeSendHookResource(call: ServerCall) {
  return {
    /** Sets the hook (`{ url, timeoutMs?, failMode?, enabled?, rotateSecret? }`). */
    set: op(call, 'setBeforeSendHook', 'PUT', '/hooks/before-send'),
    /** Reads the hook. */
    get: op(call, 'getBeforeSendHook', 'GET', '/hooks/before-send'),
    /** Removes the hook. */
    delete: op(call, 'deleteBeforeSendHook', 'DELETE', '/hooks/before-send'),
  }
}

/** Files: upload one into a conversation, get a signed URL to it. */
export function filesResource(call: ServerCall) {
  return {
    /** Uploads a file into a conversation (`{ conversationId, uploaderId }` as the fields). */
    upload: uploadOperation(call, 'uploadFile', '/files', 'file'),
    /** A signed, expiring URL to a file (`{ variant?, ttlSeconds? }`). */
    getUrl: op(call, 'getFileUrl', 'GET', '/files/{fileId}/url'),
  }
}

/** Push: users' devices and preferences, the app's provider credentials, the delivery log. */
export function pushResource(call: ServerCall) {
  return {
    /** Registers a device of a user (FCM, APNs, Web Push …). */
    setTarget: op(call, 'setUserPushTarget', 'PUT', '/users/{userId}/push-targets/{deviceId}'),
    /** Removes a device. */
    deleteTarget: op(call, 'deleteUserPushTarget', 'DELETE', '/users/{userId}/push-targets/{deviceId}'),
    /** A user's devices. */
    listTargets: op(call, 'listUserPushTargets', 'GET', '/users/{userId}/push-targets'),
    /** A user's push preferences. */
    getPreferences: op(call, 'getUserPushPreferences', 'GET', '/users/{userId}/push-preferences'),
    /** Changes a user's push preferences. */
    updatePreferences: op(call, 'updateUserPushPreferences', 'PATCH', '/users/{userId}/push-preferences'),
    /** Sets the credential of a push provider. */
    setCredential: op(call, 'setPushCredential', 'PUT', '/push/credentials/{provider}'),
    /** Removes the credential of a push provider. */
    deleteCredential: op(call, 'deletePushCredential', 'DELETE', '/push/credentials/{provider}'),
    /** The providers with a credential (never the secret itself). */
    listCredentials: op(call, 'listPushCredentials', 'GET', '/push/credentials'),
    /** The push delivery log, newest first (`next` → `before`). */
    listDeliveries: op(call, 'listPushDeliveries', 'GET', '/push/deliveries'),
  }
}

/** Compliance: erasure and export of a user's data, retention per conversation, legal holds. */
export function complianceResource(call: ServerCall) {
  return {
    /** Erases a user: their messages, files and profile (a held user is refused). */
    eraseUser: op(call, 'eraseUser', 'POST', '/users/{userId}/erase'),
    /** Starts an export of a user's data; read it with `getExport`. */
    exportUser: op(call, 'exportUser', 'POST', '/users/{userId}/export'),
    /** An export's status and, when ready, its download URL. */
    getExport: op(call, 'getExport', 'GET', '/exports/{exportId}'),
    /** Sets how long a conversation's messages and files are kept. */
    setRetention: op(call, 'setConversationRetention', 'PUT', '/conversations/{conversationId}/retention'),
    /** How long a conversation's messages and files are kept. */
    getRetention: op(call, 'getConversationRetention', 'GET', '/conversations/{conversationId}/retention'),
    /** Puts a user or conversation on legal hold (nothing of it is purged or erased). */
    setLegalHold: op(call, 'setLegalHold', 'PUT', '/legal-holds/{kind}/{targetId}'),
    /** Lifts a legal hold. */
    deleteLegalHold: op(call, 'deleteLegalHold', 'DELETE', '/legal-holds/{kind}/{targetId}'),
    /** The app's legal holds. */
    listLegalHolds: op(call, 'listLegalHolds', 'GET', '/legal-holds'),
  }
}

/** The console windows an agent has open (the console reports them; an app rarely needs to). */
export function agentPresenceResource(call: ServerCall) {
  return {
    /** Says a console window of an agent is open (refresh it within a minute). */
    set: op(call, 'setAgentConsolePresence', 'PUT', '/agents/{userId}/console-presence/{windowId}'),
    /** Says a console window of an agent closed. */
    delete: op(call, 'deleteAgentConsolePresence', 'DELETE', '/agents/{userId}/console-presence/{windowId}'),
  }
}
