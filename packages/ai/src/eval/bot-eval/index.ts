/**
 * Pure logic of bot evaluations (issue 21): scoring answers, summing a candidate up, spotting a
 * regression, grouping unanswered questions, sticky A/B assignment and the LLM judge's prompt.
 *
 * @example
 * ```ts
 * import { answerMatches, candidateMetrics, regressions } from '@warbler/ai'
 * ```
 */
export { answerMatches, citationHits, foldForMatch } from './answer-match.js'
export { candidateMetrics, estimateCost, nearestRankPercentile, type CandidateMetrics, type ModelPrice, type ScoredAnswer } from './candidate-metrics.js'
export { regressions, type Regression } from './regression.js'
export { groupQuestions, type GroupableQuestion, type QuestionGroup } from './question-groups.js'
export { assignVariant, fnv1a, type WeightedVariant } from './variant-assignment.js'
export { compareProportions, type ProportionComparison } from './proportion-test.js'
export { judgeMessages, parseJudgeGrade } from './judge.js'
