/** A candidate's figures in a run (as `GET …/eval-runs/{id}` answers). */
export interface CandidateFigures {
  index: number
  botId: string
  label: string
  model: string | null
  answerMatch: number | null
  citationHit: number | null
  handoffRate: number | null
  latencyP50Ms: number
  latencyP95Ms: number
  inputTokens: number
  outputTokens: number
  estimatedCost: number | null
  currency: string | null
  judgeScore: number | null
  errors: number
}

/** One candidate's answer to one item. */
export interface ItemAnswer {
  candidateIndex: number
  answer: string
  answerMatch: boolean
  citationHit: boolean | null
  handoff: boolean
  latencyMs: number
  error?: string
}

/** An eval run. */
export interface RunView {
  id: string
  evalSetId: string
  version: number
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  progress: number
  completed: number
  total: number
  error?: string
  createdAt: number
  candidates: CandidateFigures[]
  items?: Array<{ index: number; question: string; expected?: string[]; answers: Array<ItemAnswer | null> }>
}

/** An eval set in the list. */
export interface SetSummary {
  id: string
  name: string
  version: number
  itemCount: number
  origin: string
  updatedAt: number
}

/** A knowledge gap. */
export interface Gap {
  id: string
  question: string
  terms: string[]
  count: number
  declined: number
  thumbsDown: number
  lastAt: number
  examples: Array<{ question: string; kind: string; conversationId: string; seq: number }>
}

/** Shows a share 0..1 as a percentage, or a dash. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`
}
