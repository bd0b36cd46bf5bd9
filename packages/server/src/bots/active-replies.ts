/**
 * The replies streaming on this node, by `appId:conversationId:seq`, so a `bot.cancel` can abort
 * them. Bounded by the bots' concurrency limits (entries leave when a reply ends).
 */
export class ActiveReplies {
  private readonly replies = new Map<string, AbortController>()

  private static key(appId: string, conversationId: string, seq: number): string {
    return `${appId}:${conversationId}:${seq}`
  }

  /** Registers a reply; the returned function unregisters it. */
  add(appId: string, conversationId: string, seq: number, controller: AbortController): () => void {
    const key = ActiveReplies.key(appId, conversationId, seq)
    this.replies.set(key, controller)
    return () => {
      if (this.replies.get(key) === controller) this.replies.delete(key)
    }
  }

  /** Aborts the reply when it streams on this node; false when it does not. */
  cancel(appId: string, conversationId: string, seq: number): boolean {
    const controller = this.replies.get(ActiveReplies.key(appId, conversationId, seq))
    if (!controller) return false
    controller.abort(new Error('cancelled by a member'))
    return true
  }

  /** Aborts every reply (shutdown). */
  cancelAll(): void {
    for (const controller of this.replies.values()) controller.abort(new Error('server shutting down'))
  }

  get size(): number {
    return this.replies.size
  }
}
