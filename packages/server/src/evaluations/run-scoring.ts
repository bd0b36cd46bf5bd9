import { answerMatches, candidateMetrics, citationHits, type CandidateMetrics, type ModelPrice, type ScoredAnswer } from '@warbler/ai'
import type { EvalItem, EvalResultRecord } from '../storage/evaluation-store.js'
import type { CandidateAnswer } from './candidate-answer.js'

/** Scores one answer against its item. */
export function scoreAnswer(item: EvalItem, answer: CandidateAnswer): { answerMatch: boolean; citationHit: boolean | null } {
  return { answerMatch: answer.error === null && answerMatches(answer.answer, item.expected), citationHit: answer.error === null ? citationHits(answer.citedDocumentIds, item.expectedDocumentIds) : (item.expectedDocumentIds?.length ? false : null) }
}

/** A stored result as the metrics see it (items without expectations do not count for the match rate). */
export function toScored(result: EvalResultRecord, item: EvalItem | undefined): ScoredAnswer {
  return {
    answerMatch: item?.expected && item.expected.length > 0 ? result.answerMatch : null,
    citationHit: result.citationHit,
    handoff: result.handoff,
    latencyMs: result.latencyMs,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    judgeScore: result.judgeScore,
    error: result.error,
  }
}

/** The figures of each candidate of a run, from its stored results. */
export function runMetrics(candidateCount: number, items: readonly EvalItem[], results: readonly EvalResultRecord[], priceOf: (candidateIndex: number) => ModelPrice | undefined): CandidateMetrics[] {
  return Array.from({ length: candidateCount }, (_, index) =>
    candidateMetrics(
      results.filter((result) => result.candidateIndex === index).map((result) => toScored(result, items[result.itemIndex])),
      priceOf(index),
    ),
  )
}
