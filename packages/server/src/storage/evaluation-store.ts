/** A rating of one bot answer; every rating is a new record (a change never overwrites). */
export interface FeedbackRecord {
  appId: string
  id: string
  conversationId: string
  /** The rated bot message. */
  seq: number
  /** Who rated it (an end user or an agent). */
  userId: string
  rating: 'up' | 'down'
  reason: 'incorrect' | 'incomplete' | 'outdated' | 'irrelevant' | 'other' | null
  comment: string | null
  /** The bot that wrote the answer. */
  botId: string | null
  /** The question the answer replied to, and the answer as rated (for eval sets and gaps). */
  question: string | null
  answer: string | null
  /** The A/B variant that made the answer, when the bot had variants. */
  variantId: string | null
  createdAt: number
}

/** One question of an eval set. */
export interface EvalItem {
  question: string
  /** Any of these found in the answer counts as a match. */
  expected?: string[]
  /** Documents a good answer cites. */
  expectedDocumentIds?: string[]
  /** Where the item came from when it was built from production signals. */
  origin?: { kind: 'feedback' | 'handoff' | 'csat'; conversationId: string; seq?: number; answerGiven?: string; agentAnswer?: string }
}

/** An eval set; its items live in versions, the newest is `version`. */
export interface EvalSetRecord {
  appId: string
  id: string
  name: string
  version: number
  createdAt: number
  updatedAt: number
}

/** One version of an eval set's items (a run pins one). */
export interface EvalSetVersionRecord {
  appId: string
  setId: string
  version: number
  items: EvalItem[]
  /** How the version was made: `rest`, `csv`, `signals`. */
  origin: string
  createdAt: number
}

/** What a candidate changes of its bot for a run (or a variant for its share of users). */
export interface CandidateOverrides {
  model?: string
  systemPrompt?: string
  knowledgeBaseIds?: string[]
  /** Passages retrieved per question (the bot's default is 5). */
  topK?: number
  temperature?: number
}

/** One side of a comparison: a bot with optional overrides. */
export interface EvalCandidate {
  botId: string
  overrides?: CandidateOverrides
  /** A short name for the side-by-side view (default: the bot id and overridden model). */
  label?: string
}

/** The LLM judge of a run: a bot whose model grades answers against the expectations. */
export interface EvalJudge {
  botId: string
  model?: string
}

/** Where a run is. `cancelled` is set when a cancel was asked for. */
export type EvalRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

/** An eval run: a job over one pinned set version and its candidates. */
export interface EvalRunRecord {
  appId: string
  id: string
  setId: string
  setVersion: number
  candidates: EvalCandidate[]
  judge: EvalJudge | null
  status: EvalRunStatus
  /** Answers to make: items × candidates. */
  total: number
  /** Answers made so far. */
  completed: number
  error: string | null
  cancelRequested: boolean
  /** The worker working on it, and when it last said so (a stale heartbeat lets another take over). */
  leaseOwner: string | null
  heartbeatAt: number | null
  createdAt: number
  updatedAt: number
  startedAt: number | null
  finishedAt: number | null
}

/** Fields of a run a worker changes. */
export type EvalRunPatch = Partial<Pick<EvalRunRecord, 'status' | 'completed' | 'error' | 'cancelRequested' | 'leaseOwner' | 'heartbeatAt' | 'updatedAt' | 'startedAt' | 'finishedAt'>>

/** One candidate's answer to one item, scored. */
export interface EvalResultRecord {
  appId: string
  runId: string
  candidateIndex: number
  itemIndex: number
  answer: string
  citedDocumentIds: string[]
  handoff: boolean
  latencyMs: number
  inputTokens: number
  outputTokens: number
  answerMatch: boolean
  /** Null when the item names no expected documents. */
  citationHit: boolean | null
  /** The judge's grade 0..1, when the run has a judge. */
  judgeScore: number | null
  /** Why the candidate could not answer (the answer is then empty). */
  error: string | null
  createdAt: number
}

/** One A/B variant of a bot. */
export interface BotVariant {
  id: string
  /** Relative weight (a share of users proportional to it). */
  weight: number
  overrides: CandidateOverrides
}

/** A bot's variants. */
export interface BotVariantsRecord {
  appId: string
  botId: string
  variants: BotVariant[]
  updatedAt: number
}

/** The variant behind one reply, and how the reply went. */
export interface VariantReplyRecord {
  appId: string
  conversationId: string
  seq: number
  botId: string
  variantId: string
  userId: string
  handoff: boolean
  inputTokens: number
  outputTokens: number
  latencyMs: number
  createdAt: number
}

/** A question a bot declined: the bot's reply `seq` and the question it answered. */
export interface DeclineRecord {
  appId: string
  conversationId: string
  seq: number
  botId: string
  userId: string
  question: string
  /** Why: `missing_knowledge` for now. */
  reason: string
  createdAt: number
}

/**
 * Evaluations: feedback, versioned eval sets, eval runs (jobs) and their results, A/B variants.
 * Every call takes the app id; nothing reads across apps.
 */
export interface EvaluationStore {
  /** Stores one rating (history: earlier ratings stay). */
  addFeedback(record: FeedbackRecord): Promise<void>
  /** Every rating of one message, oldest first. */
  feedbackOf(appId: string, conversationId: string, seq: number): Promise<FeedbackRecord[]>
  /**
   * One user's current ratings in a conversation: the newest rating of each message they rated,
   * by ascending `seq`, the messages after `afterSeq` (up to `limit` messages).
   */
  currentFeedbackOf(appId: string, conversationId: string, userId: string, page: { afterSeq?: number; limit: number }): Promise<FeedbackRecord[]>
  /** Ratings of the app, newest first, optionally only of one rating or since a time. */
  listFeedback(appId: string, filter?: { rating?: 'up' | 'down'; since?: number; botId?: string; conversationId?: string; limit?: number }): Promise<FeedbackRecord[]>

  /** Creates a set with its first version; `already_exists` when the id is taken. */
  createSet(set: EvalSetRecord, items: EvalItem[], origin: string): Promise<void>
  /** Adds a version with these items and makes it the newest; undefined when the set does not exist. */
  addSetVersion(appId: string, setId: string, items: EvalItem[], origin: string, now: number): Promise<EvalSetRecord | undefined>
  getSet(appId: string, setId: string): Promise<EvalSetRecord | undefined>
  getSetVersion(appId: string, setId: string, version: number): Promise<EvalSetVersionRecord | undefined>
  /** Sets of the app, newest first. */
  listSets(appId: string): Promise<EvalSetRecord[]>

  createRun(run: EvalRunRecord): Promise<void>
  getRun(appId: string, runId: string): Promise<EvalRunRecord | undefined>
  /** Runs of the app, newest first. */
  listRuns(appId: string, filter?: { setId?: string; limit?: number }): Promise<EvalRunRecord[]>
  /** How many runs of the app are queued or running. */
  activeRunCount(appId: string): Promise<number>
  /** Changes a run; undefined when it does not exist. */
  updateRun(appId: string, runId: string, patch: EvalRunPatch): Promise<EvalRunRecord | undefined>
  /**
   * Claims the oldest run that is queued, or running with a heartbeat older than `staleBefore`
   * (its worker stopped), for `owner`: one claimer wins. Undefined when there is none.
   */
  claimRun(owner: string, now: number, staleBefore: number): Promise<EvalRunRecord | undefined>
  /** Stores one answer; a second answer to the same (candidate, item) is ignored (a resumed run). */
  putResult(result: EvalResultRecord): Promise<void>
  /** A run's answers, by candidate then item. */
  results(appId: string, runId: string): Promise<EvalResultRecord[]>

  /** Sets a bot's variants (an empty list removes them). */
  putVariants(record: BotVariantsRecord): Promise<void>
  getVariants(appId: string, botId: string): Promise<BotVariantsRecord | undefined>
  /** Records the variant of a reply (once per message). */
  recordVariantReply(record: VariantReplyRecord): Promise<void>
  /** Replies of a bot made by variants, since a time. */
  variantReplies(appId: string, botId: string, since: number): Promise<VariantReplyRecord[]>

  /** Records a declined question (once per bot reply). */
  recordDecline(record: DeclineRecord): Promise<void>
  /** Declined questions of the app since a time, newest first. */
  listDeclines(appId: string, since: number, limit?: number): Promise<DeclineRecord[]>
}
