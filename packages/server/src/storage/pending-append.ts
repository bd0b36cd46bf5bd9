import type { AppendResult, NewEvent } from './storage.js'

/** An append waiting for its batch to commit, with the promise callbacks of its caller. */
export interface PendingAppend {
  event: NewEvent
  /** Set when the writer thread is to seal the event with this app data key (see `sealing-append.ts`). */
  dataKey?: Buffer
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

/** What one append came to: the stored (or first, for a repeated clientMsgId) event, or why it failed. */
export type AppendOutcome = AppendResult | { error: unknown }

/** Resolves or rejects each pending append with its outcome (same order). */
export function settleAppends(pending: readonly PendingAppend[], outcomes: readonly AppendOutcome[]): void {
  outcomes.forEach((outcome, index) => {
    const item = pending[index]!
    if ('error' in outcome) item.reject(outcome.error)
    else item.resolve(outcome)
  })
}
