import type { EventRecord } from '../storage/storage.js'

/** A bot answers at most this many consecutive bot messages in a conversation. */
export const MAX_CONSECUTIVE_BOT_TURNS = 3

/**
 * How many messages in a row, ending with the newest, were sent by bots. `events` is a page of the
 * conversation ending at the triggering message (any order); non-message events are skipped.
 */
export function consecutiveBotTurns(events: readonly EventRecord[], isBot: (userId: string) => boolean): number {
  const messages = events.filter((event) => event.kind === 'message').sort((a, b) => b.seq - a.seq)
  let count = 0
  for (const message of messages) {
    if (!isBot(message.senderId)) break
    count += 1
  }
  return count
}
