/** What one candidate did on one item, as the summary needs it. */
export interface ScoredAnswer {
  /** Null when the item has no expected strings (it does not count for the match rate). */
  answerMatch: boolean | null
  /** Null when the item has no expected documents. */
  citationHit: boolean | null
  handoff: boolean
  latencyMs: number
  inputTokens: number
  outputTokens: number
  /** The judge's grade 0..1 when a judge graded it. */
  judgeScore: number | null
  /** Set when the candidate could not answer at all. */
  error: string | null
}

/** A model's price in some currency per million tokens. */
export interface ModelPrice {
  inputPerMillion: number
  outputPerMillion: number
  /** The currency of both prices (display only), e.g. `USD`, `CNY`. */
  currency?: string
}

/** A candidate's figures over a run. Rates are 0..1; null when no item could count. */
export interface CandidateMetrics {
  answered: number
  answerMatch: number | null
  citationHit: number | null
  handoffRate: number | null
  latencyP50Ms: number
  latencyP95Ms: number
  inputTokens: number
  outputTokens: number
  /** Cost at the model's price; null when the price table has no entry for it. */
  estimatedCost: number | null
  currency: string | null
  judgeScore: number | null
  errors: number
}

/** The p-th percentile (0..100) of a list, nearest rank; 0 for an empty list. */
export function nearestRankPercentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

function rate(flags: ReadonlyArray<boolean | null>): number | null {
  const counted = flags.filter((flag): flag is boolean => flag !== null)
  return counted.length === 0 ? null : counted.filter(Boolean).length / counted.length
}

/** Cost of the tokens at a price per million. */
export function estimateCost(inputTokens: number, outputTokens: number, price: ModelPrice): number {
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000
}

/**
 * Sums up one candidate's answers: match and citation rates over the items that name
 * expectations, hand-off rate over the answers made, latency percentiles, tokens and cost.
 * An answer that failed counts as not matched and not cited (a broken model must not look good).
 */
export function candidateMetrics(answers: readonly ScoredAnswer[], price?: ModelPrice): CandidateMetrics {
  const made = answers.filter((answer) => answer.error === null)
  const latencies = made.map((answer) => answer.latencyMs)
  const inputTokens = answers.reduce((sum, answer) => sum + answer.inputTokens, 0)
  const outputTokens = answers.reduce((sum, answer) => sum + answer.outputTokens, 0)
  const judged = answers.filter((answer) => answer.judgeScore !== null)
  return {
    answered: made.length,
    answerMatch: rate(answers.map((answer) => (answer.answerMatch === null ? null : answer.error === null && answer.answerMatch))),
    citationHit: rate(answers.map((answer) => (answer.citationHit === null ? null : answer.error === null && answer.citationHit))),
    handoffRate: answers.length === 0 ? null : answers.filter((answer) => answer.handoff).length / answers.length,
    latencyP50Ms: nearestRankPercentile(latencies, 50),
    latencyP95Ms: nearestRankPercentile(latencies, 95),
    inputTokens,
    outputTokens,
    estimatedCost: price ? estimateCost(inputTokens, outputTokens, price) : null,
    currency: price?.currency ?? null,
    judgeScore: judged.length === 0 ? null : judged.reduce((sum, answer) => sum + answer.judgeScore!, 0) / judged.length,
    errors: answers.length - made.length,
  }
}
