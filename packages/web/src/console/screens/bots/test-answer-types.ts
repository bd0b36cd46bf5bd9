/** One passage retrieval found for a test question (`POST …/bots/{botId}/test-answer`). */
export interface TestPassage {
  chunkId: string
  documentId: string
  title: string
  headingPath: string[]
  text: string
  score: number
  relevant: boolean
  cited: boolean
}

/** The server's answer to a test question. */
export interface TestAnswer {
  answer: string
  handoff: boolean
  passages: TestPassage[]
  gate: { relevant: boolean; coverage: number; threshold: number }
  model: string | null
  latencyMs: number
  inputTokens: number
  outputTokens: number
  error: string | null
}

/** A question asked in the test chat and what came back. */
export interface TestTurn {
  id: number
  question: string
  answer?: TestAnswer
  error?: Error
}

/** A score as people read it: three significant digits (fused scores are small fractions). */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '—'
  return Math.abs(score) >= 100 ? score.toFixed(0) : score.toPrecision(3)
}
