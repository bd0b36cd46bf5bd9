/** One message as a client received it. */
export interface Received {
  conversationId: string
  seq: number
  senderId: string
  text: string | undefined
  at: number
  /** The node the receiving client was connected to then (-1 when unknown). */
  node: number
}

/** One acked send. */
export interface Acked {
  conversationId: string
  seq: number
  senderId: string
  clientMsgId: string
  sentAt: number
  /** The node the sender was connected to when it sent (-1 when unknown). */
  node: number
  /** When the ack arrived. */
  ackedAt: number
  /** The server already had this clientMsgId: a resend after a lost ack. */
  duplicate: boolean
}

/**
 * What went wrong with delivery, in words a test failure can show: a member (the sender's own
 * client included) that got an acked message other than exactly once, or got a conversation's
 * events out of seq order.
 */
export function deliveryProblems(
  members: ReadonlyMap<string, readonly string[]>,
  acked: readonly Acked[],
  received: ReadonlyMap<string, readonly Received[]>,
): string[] {
  const problems: string[] = []
  for (const [userId, events] of received) {
    // In order: per conversation, seqs strictly increase.
    const last = new Map<string, number>()
    for (const event of events) {
      const previous = last.get(event.conversationId) ?? 0
      if (event.seq <= previous) problems.push(`${userId} got ${event.conversationId}#${event.seq} after #${previous}`)
      last.set(event.conversationId, event.seq)
    }
  }
  for (const message of acked) {
    for (const member of members.get(message.conversationId) ?? []) {
      const copies = (received.get(member) ?? []).filter((event) => event.conversationId === message.conversationId && event.seq === message.seq).length
      if (copies !== 1) problems.push(`${member} got ${message.conversationId}#${message.seq} (from ${message.senderId}) ${copies} times`)
    }
  }
  return problems
}

/** The p-th percentile (0..100) of the values, nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
