import type { NoticeFrame, PresenceFrame, ReceiptFrame, TypingNoticeFrame } from '@warbler/protocol'
import { inBackground } from './background.js'
import type { ConversationList } from './conversation-list.js'
import type { TypedEmitter } from './event-emitter.js'
import { hideMessage } from './message-reducer.js'
import type { LocalStore, StoreWrite } from './stores/local-store.js'
import type { WarblerClientEvents } from './types.js'

/** The ephemeral frames besides conversation events: typing, receipts, user notices, presence. */
export type LiveFrame = TypingNoticeFrame | ReceiptFrame | NoticeFrame | PresenceFrame

/** What {@link LiveFrames} works with. */
export interface LiveFramesOptions {
  emitter: TypedEmitter<WarblerClientEvents>
  list: ConversationList
  store: () => LocalStore
  userId: () => string | undefined
  /** Rows changed (announce and save them). */
  rowsChanged: (conversationIds: string[]) => void
  /** A background store write. */
  persist: (batch: StoreWrite) => void
  /** Handling a frame failed (reported as `error`). */
  onError: (error: unknown) => void
}

/**
 * Turns the ephemeral server frames into client events, and keeps local state in step with what
 * the user did on other devices: their own read receipts lower the unread count, a message they
 * deleted for themselves is hidden in the store, pin and mute follow.
 */
export class LiveFrames {
  constructor(private readonly options: LiveFramesOptions) {}

  /** Handles one frame. */
  handle(frame: LiveFrame): void {
    const { emitter } = this.options
    switch (frame.type) {
      case 'typing':
        emitter.emit('typing', { conversationId: frame.conversationId, userId: frame.userId, active: frame.active })
        break
      case 'receipt': {
        const { type: _type, ...receipt } = frame
        if (frame.userId === this.options.userId() && frame.readSeq !== undefined && this.options.list.markRead(frame.conversationId, frame.readSeq)) {
          this.options.rowsChanged([frame.conversationId])
        }
        emitter.emit('receipt', receipt)
        break
      }
      case 'notice':
        inBackground(() => this.#notice(frame), (error) => this.options.onError(error))
        break
      case 'presence': {
        const { type: _type, ...presence } = frame
        emitter.emit('presence', presence)
        break
      }
    }
  }

  async #notice(frame: NoticeFrame): Promise<void> {
    const { emitter, list } = this.options
    const data = frame.data
    if (frame.kind === 'conversation-settings' && typeof data.conversationId === 'string') {
      const settings = {
        ...(typeof data.pinned === 'boolean' ? { pinned: data.pinned } : {}),
        ...(typeof data.muted === 'boolean' ? { muted: data.muted } : {}),
      }
      if (list.applySettings(data.conversationId, settings)) this.options.rowsChanged([data.conversationId])
    } else if (frame.kind === 'message-hidden' && typeof data.conversationId === 'string' && typeof data.seq === 'number') {
      const stored = await this.options
        .store()
        .message(data.conversationId, data.seq)
        .catch(() => undefined)
      if (stored && !stored.hidden) {
        const hidden = hideMessage(stored)
        this.options.persist({ messages: [hidden] })
        if (list.applyUpdate(hidden, 0)) this.options.rowsChanged([data.conversationId])
        emitter.emit('message-update', hidden)
      }
    }
    emitter.emit('user-notice', { kind: frame.kind, data })
  }
}
