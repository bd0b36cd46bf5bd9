import type { Message } from '@warbler/sdk'

/** What decides whether a new message deserves a desktop notification. */
export interface NotifyContext {
  me: string | undefined
  /** The conversation on screen, if any. */
  activeId: string | undefined
  /** Whether this tab is visible and focused right now. */
  focused: boolean
  /** Conversations the user muted. */
  muted: ReadonlySet<string>
  /** Messages older than this (ms) are history caught up on connect, not news. */
  since: number
}

/**
 * Whether a message gets a desktop notification: a finished message from someone else, sent since
 * the app opened, in a conversation that is not muted — and not the one the user is looking at
 * in a focused tab.
 */
export function shouldNotify(message: Message, context: NotifyContext): boolean {
  if (message.kind !== 'message' || message.senderId === context.me) return false
  if (message.status === 'streaming' || message.recalledAt !== undefined || message.hidden) return false
  if (message.ts < context.since || context.muted.has(message.conversationId)) return false
  return !(context.focused && message.conversationId === context.activeId)
}
