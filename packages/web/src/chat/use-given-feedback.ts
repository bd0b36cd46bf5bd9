import type { FeedbackInput, WarblerClient } from '@warbler/sdk'
import { useCallback, useEffect, useState } from 'react'
import { givenFromRatings, loadGivenFeedback, saveGivenFeedback, type GivenFeedback } from './answer-feedback-state.js'

/** Pages of the user's own ratings read when a conversation opens (100 rated answers a page). */
const MAX_PAGES = 10

/**
 * The 👍/👎 this user gave in a conversation, by `conversationId:seq`: shown at once from the
 * device's cache, then from the server (`client.myFeedback`), so a rating given on another device
 * or before a reload shows. `rate` sends a rating and shows it as soon as the server accepts it.
 */
export function useGivenFeedback(client: WarblerClient, me: string | undefined, conversationId: string, connected: boolean) {
  const [given, setGiven] = useState<Record<string, GivenFeedback>>(() => (me ? loadGivenFeedback(me) : {}))

  useEffect(() => {
    if (!me || !connected) return
    let cancelled = false
    void (async () => {
      const fromServer: Record<string, GivenFeedback> = {}
      let afterSeq: string | undefined
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.myFeedback(conversationId, afterSeq === undefined ? {} : { afterSeq })
        Object.assign(fromServer, givenFromRatings(answer.items))
        if (answer.next === null) break
        afterSeq = answer.next
      }
      if (cancelled) return
      saveGivenFeedback(me, fromServer)
      setGiven((current) => ({ ...current, ...fromServer }))
    })().catch(() => {
      // Offline or rate-limited: the device's cache stays what shows.
    })
    return () => {
      cancelled = true
    }
  }, [client, me, conversationId, connected])

  const rate = useCallback(
    async (target: { conversationId: string; seq: number }, input: FeedbackInput) => {
      if (!me) return
      await client.feedback(target.conversationId, target.seq, input)
      const key = `${target.conversationId}:${target.seq}`
      const rating: GivenFeedback = { rating: input.rating, ...(input.reason ? { reason: input.reason } : {}) }
      saveGivenFeedback(me, { [key]: rating })
      setGiven((current) => ({ ...current, [key]: rating }))
    },
    [client, me],
  )

  return { given, rate }
}
