import { foldForMatch } from '@warbler/ai'
import type { EvalItem, EvaluationStore, FeedbackRecord } from '../storage/evaluation-store.js'
import type { EventRecord, Storage } from '../storage/storage.js'
import { textOf } from './message-context.js'

/** Which production signals become eval items. */
export interface SignalOptions {
  since: number
  until: number
  signals: ReadonlyArray<'thumbs_down' | 'missing_knowledge' | 'low_csat'>
  csatAtMost: number
  limit: number
}

/** The ratings that are current: the newest per (message, user). */
export function currentRatings(records: readonly FeedbackRecord[]): FeedbackRecord[] {
  const newest = new Map<string, FeedbackRecord>()
  for (const record of records) {
    const key = `${record.conversationId}\n${record.seq}\n${record.userId}`
    const known = newest.get(key)
    if (!known || record.createdAt > known.createdAt || (record.createdAt === known.createdAt && record.id > known.id)) newest.set(key, record)
  }
  return [...newest.values()]
}

/**
 * Builds eval items from what went wrong in production: answers rated 👎 (still 👎 now), questions
 * the bot declined or handed off for missing knowledge, and conversations rated low (CSAT). Each
 * item keeps where it came from, the answer given and — when an agent answered afterwards — the
 * agent's answer as a suggested expectation (`origin.agentAnswer`, used by the judge; copy the
 * key fact into `expected` for the string match). Questions are deduplicated.
 */
export async function itemsFromSignals(deps: { storage: Storage; store: EvaluationStore; isBot(appId: string, userId: string): Promise<boolean> }, appId: string, options: SignalOptions): Promise<EvalItem[]> {
  const items: EvalItem[] = []
  const seen = new Set<string>()
  const add = (item: EvalItem) => {
    const key = foldForMatch(item.question)
    if (key === '' || seen.has(key) || items.length >= options.limit) return
    seen.add(key)
    items.push(item)
  }
  const agentAnswerAfter = async (conversationId: string, afterSeq: number, customerId: string): Promise<string | undefined> => {
    const { events } = await deps.storage.events.range(appId, conversationId, { afterSeq, limit: 30 })
    for (const event of events) {
      if (event.kind !== 'message' || event.body?.type !== 'text' || event.senderId === customerId) continue
      if (!(await deps.isBot(appId, event.senderId))) return event.body.text
    }
    return undefined
  }
  if (options.signals.includes('thumbs_down')) {
    const ratings = currentRatings(await deps.store.listFeedback(appId, { since: options.since, limit: 5000 })).filter((record) => record.rating === 'down' && record.question)
    for (const record of ratings.sort((a, b) => b.createdAt - a.createdAt)) {
      const asker = await questionSender(deps.storage, appId, record.conversationId, record.seq)
      const agentAnswer = await agentAnswerAfter(record.conversationId, record.seq, asker ?? record.userId)
      add({ question: record.question!, origin: { kind: 'feedback', conversationId: record.conversationId, seq: record.seq, ...(record.answer ? { answerGiven: record.answer } : {}), ...(agentAnswer ? { agentAnswer } : {}) } })
    }
  }
  if (options.signals.includes('missing_knowledge')) {
    for (const decline of await deps.store.listDeclines(appId, options.since, 5000)) {
      const agentAnswer = await agentAnswerAfter(decline.conversationId, decline.seq, decline.userId)
      const reply = await deps.storage.events.get(appId, decline.conversationId, decline.seq)
      add({ question: decline.question, origin: { kind: 'handoff', conversationId: decline.conversationId, seq: decline.seq, ...(reply ? { answerGiven: textOf(reply) } : {}), ...(agentAnswer ? { agentAnswer } : {}) } })
    }
    // Hand-offs a model-backed bot made with its handoff tool (no declined reply of its own).
    for (const handoff of (await deps.storage.support.listCases(appId, { from: options.since, to: options.until })).filter((entry) => entry.reason === 'missing_knowledge')) {
      const item = await lastQuestionBefore(deps, appId, handoff.conversationId, handoff.queuedAt)
      if (!item) continue
      const agentAnswer = await agentAnswerAfter(handoff.conversationId, item.event.seq, item.event.senderId)
      add({ question: textOf(item.event), origin: { kind: 'handoff', conversationId: handoff.conversationId, seq: item.event.seq, ...(item.answer ? { answerGiven: item.answer } : {}), ...(agentAnswer ? { agentAnswer } : {}) } })
    }
  }
  if (options.signals.includes('low_csat')) {
    for (const rating of (await deps.storage.support.listCsat(appId, { from: options.since, to: options.until })).filter((entry) => entry.rating <= options.csatAtMost)) {
      const item = await lastQuestionBefore(deps, appId, rating.conversationId, rating.resolvedAt, rating.userId)
      if (!item) continue
      const agentAnswer = await agentAnswerAfter(rating.conversationId, item.event.seq, rating.userId)
      add({ question: textOf(item.event), origin: { kind: 'csat', conversationId: rating.conversationId, seq: item.event.seq, ...(item.answer ? { answerGiven: item.answer } : {}), ...(agentAnswer ? { agentAnswer } : {}) } })
    }
  }
  return items
}

async function questionSender(storage: Storage, appId: string, conversationId: string, seq: number): Promise<string | undefined> {
  const { events } = await storage.events.range(appId, conversationId, { beforeSeq: seq, limit: 5 })
  return [...events].reverse().find((event) => event.kind === 'message')?.senderId
}

/** The customer's first question answered by a bot before `before` (time), and the bot's answer to it. */
async function lastQuestionBefore(
  deps: { storage: Storage; isBot(appId: string, userId: string): Promise<boolean> }, appId: string, conversationId: string, before: number, customerId?: string,
): Promise<{ event: EventRecord; answer?: string } | undefined> {
  const conversation = await deps.storage.conversations.get(appId, conversationId)
  if (!conversation) return undefined
  const { events } = await deps.storage.events.range(appId, conversationId, { beforeSeq: conversation.lastSeq + 1, limit: 100 })
  const messages = events.filter((event) => event.kind === 'message' && event.body?.type === 'text' && event.ts <= before)
  for (let index = messages.length - 1; index >= 0; index--) {
    const event = messages[index]!
    if (await deps.isBot(appId, event.senderId)) continue
    if (customerId !== undefined && event.senderId !== customerId) continue
    const reply = messages.slice(index + 1).find((candidate) => candidate.senderId !== event.senderId)
    const botAnswered = reply ? await deps.isBot(appId, reply.senderId) : false
    if (!botAnswered && customerId === undefined) continue
    return { event, ...(reply && botAnswered ? { answer: textOf(reply) } : {}) }
  }
  return undefined
}
