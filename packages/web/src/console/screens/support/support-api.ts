import type { Conversation, ConversationListItem, HistoryPage, User } from '@warbler/protocol'
import { SupportApi as SdkSupportApi } from '@warbler/sdk'
import { appApi } from '../../console-api.js'

const id = encodeURIComponent

/**
 * The support REST routes of one app (docs/support.md) through the console's app API proxy, as the
 * signed-in console account: the SDK's `SupportApi` on the console's transport, and the few reads
 * the inbox adds (the conversation, its history, users, a customer's other conversations).
 */
export class ConsoleSupportApi extends SdkSupportApi {
  constructor(readonly appId: string) {
    super((method, path, body) => appApi(appId, method, path.replace(/^\//, ''), body))
  }

  /** `GET /conversations/{id}`: members and `lastSeq`. */
  conversation(conversationId: string): Promise<Conversation> {
    return appApi(this.appId, 'GET', `conversations/${id(conversationId)}`)
  }

  /** `GET /conversations/{id}/messages`: a page of the whole history, as the app backend sees it. */
  history(conversationId: string, options: { beforeSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 100), ...(options.beforeSeq === undefined ? {} : { beforeSeq: String(options.beforeSeq) }) })
    return appApi(this.appId, 'GET', `conversations/${id(conversationId)}/messages?${query.toString()}`)
  }

  /** `GET /users/{userId}` */
  user(userId: string): Promise<User> {
    return appApi(this.appId, 'GET', `users/${id(userId)}`)
  }

  /** `GET /users/{userId}/conversations`: the customer's conversations (their other ones beside this). */
  conversationsOf(userId: string): Promise<{ items: ConversationListItem[]; hasMore: boolean }> {
    return appApi(this.appId, 'GET', `users/${id(userId)}/conversations?limit=20`)
  }
}

/** The support API of one app, as the console calls it. */
export type SupportApi = ConsoleSupportApi

/** The console's support API of an app. */
export function supportApi(appId: string): SupportApi {
  return new ConsoleSupportApi(appId)
}
