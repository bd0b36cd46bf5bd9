import { groupQuestions, fnv1a, type KnowledgeService } from '@warbler/ai'
import type { EvaluationStore } from '../storage/evaluation-store.js'
import { currentRatings } from './production-signals.js'

const DAY_MS = 86_400_000

/** One gap: questions asking much the same thing that the bot could not answer well. */
export interface KnowledgeGap {
  /** Stable for the same representative question. */
  id: string
  question: string
  terms: string[]
  count: number
  declined: number
  thumbsDown: number
  lastAt: number
  examples: Array<{ question: string; kind: 'declined' | 'thumbs_down'; conversationId: string; seq: number; at: number }>
}

/**
 * Knowledge gaps: the questions bots declined (nothing relevant found) and the answers rated 👎
 * (still 👎 now), grouped lexically, the biggest first; "add an answer" writes a Q&A document
 * into a knowledge base so the next such question finds it.
 */
export class KnowledgeGaps {
  constructor(private readonly deps: { store: EvaluationStore; knowledge: KnowledgeService; now(): number }) {}

  /** The gaps of the last `days`. */
  async list(appId: string, days = 30): Promise<{ since: number; gaps: KnowledgeGap[] }> {
    const since = this.deps.now() - days * DAY_MS
    const declines = await this.deps.store.listDeclines(appId, since, 5000)
    const down = currentRatings(await this.deps.store.listFeedback(appId, { since, limit: 5000 })).filter((rating) => rating.rating === 'down' && rating.question)
    type Example = { kind: 'declined' | 'thumbs_down'; conversationId: string; seq: number; at: number }
    const questions: Array<{ question: string; value: Example }> = [
      ...declines.map((decline) => ({ question: decline.question, value: { kind: 'declined' as const, conversationId: decline.conversationId, seq: decline.seq, at: decline.createdAt } })),
      ...down.map((rating) => ({ question: rating.question!, value: { kind: 'thumbs_down' as const, conversationId: rating.conversationId, seq: rating.seq, at: rating.createdAt } })),
    ]
    const gaps = groupQuestions(questions).map((group): KnowledgeGap => ({
      id: `gap_${fnv1a(group.representative).toString(36)}`,
      question: group.representative,
      terms: group.terms,
      count: group.members.length,
      declined: group.members.filter((member) => member.value.kind === 'declined').length,
      thumbsDown: group.members.filter((member) => member.value.kind === 'thumbs_down').length,
      lastAt: Math.max(...group.members.map((member) => member.value.at)),
      examples: group.members.slice(0, 10).map((member) => ({ question: member.question, ...member.value })),
    }))
    return { since, gaps }
  }

  /** "Add an answer": a Q&A document (the question, its other wordings, the answer) in a knowledge base. */
  async answer(appId: string, input: { knowledgeBaseId: string; question: string; answer: string; alternatives?: string[] | undefined }): Promise<{ documentId: string; status: string }> {
    const others = [...new Set((input.alternatives ?? []).filter((alternative) => alternative !== input.question))].slice(0, 20)
    const text = [`# ${input.question}`, '', ...(others.length > 0 ? [others.map((alternative) => `- ${alternative}`).join('\n'), ''] : []), input.answer].join('\n')
    const document = await this.deps.knowledge.addDocument(appId, input.knowledgeBaseId, { kind: 'text', title: input.question, text, format: 'markdown' }, { tags: ['knowledge-gap'] })
    return { documentId: document.id, status: document.status }
  }
}
